//! Splitting `+++` TOML front matter from a Markdown body.
//!
//! Pure string work on byte offsets, so line numbers in the body can be
//! counted from the start of the file (a bug Zola had: getzola/zola#2558).

/// Where the front matter and the body lie in a file.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split {
    /// Byte range of the TOML between the `+++` lines, if there is front matter.
    pub(crate) front: Option<(usize, usize)>,
    /// Byte offset where the Markdown body starts.
    pub(crate) body_offset: usize,
}

/// Splits `text`; `Err(offset)` when an opening `+++` is never closed.
pub(crate) fn split(text: &str) -> Result<Split, usize> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let Some(after_open) = rest.strip_prefix("+++") else {
        return Ok(Split { front: None, body_offset: start });
    };
    let Some(newline) = after_open.find('\n') else {
        return Err(start);
    };
    if !after_open[..newline].trim().is_empty() {
        return Ok(Split { front: None, body_offset: start });
    }
    let front_start = start + 3 + newline + 1;
    let mut line_start = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_offset = line_start + line.len();
            return Ok(Split { front: Some((front_start, line_start)), body_offset });
        }
        line_start += line.len();
    }
    Err(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"x\"\n+++\n# Hi\n";
        let split = split(text).unwrap();
        assert_eq!(&text[split.front.unwrap().0..split.front.unwrap().1], "title = \"x\"\n");
        assert_eq!(&text[split.body_offset..], "# Hi\n");
    }

    #[test]
    fn no_front_matter_means_all_body() {
        assert_eq!(split("# Hi").unwrap(), Split { front: None, body_offset: 0 });
        assert_eq!(split("").unwrap(), Split { front: None, body_offset: 0 });
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(split("+++\ntitle = 1\n"), Err(0));
        assert_eq!(split("+++"), Err(0));
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let text = "\u{feff}+++\r\ntitle = \"x\"\r\n+++\r\nbody";
        let split = split(text).unwrap();
        assert_eq!(&text[split.body_offset..], "body");
    }
}
