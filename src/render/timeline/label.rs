//! Milestone labels on the timeline: how wide a text is drawn, and a title
//! wrapped into lines of a given width, never cut. Widths are estimated from
//! DejaVu Sans, the widest of the common system sans-serif fonts (and the one
//! Linux browsers fall back to), so a label drawn in any of them fits the room
//! the layout gave it.

use crate::model::Status;

/// The font size of labels, in drawing units.
pub(crate) const FONT: f64 = 12.0;

/// Advance widths of printable ASCII (space to `~`) in DejaVu Sans, in thousandths of an em:
/// regular, then bold.
const REGULAR: [u16; 95] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636,
    636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
    748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635,
    615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636,
    337, 636, 838,
];
const BOLD: [u16; 95] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696,
    696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995,
    837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716,
    678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712,
    365, 712, 838,
];

/// Starts and ends a code span in a label's text: a title's `` `code` `` is
/// drawn in a monospace `tspan` (`tl-code`), and this mark takes no room.
pub(crate) const CODE: char = '\u{1}';

/// The advance width of every character of DejaVu Sans Mono, in thousandths of an em.
const MONO: u32 = 602;

/// A title with its code spans between `CODE` marks instead of backticks (`escape::title_pieces`).
pub(crate) fn marked(title: &str) -> std::borrow::Cow<'_, str> {
    if !title.contains('`') {
        return std::borrow::Cow::Borrowed(title);
    }
    let mut out = String::with_capacity(title.len());
    for (code, text) in crate::escape::title_pieces(title) {
        if code {
            out.push(CODE);
            out.push_str(text);
            out.push(CODE);
        } else {
            out.push_str(text);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The estimated width of `text` drawn at `FONT` (bold when `bold`); between
/// `CODE` marks, in DejaVu Sans Mono.
pub(crate) fn text_width(text: &str, bold: bool) -> f64 {
    let table = if bold { &BOLD } else { &REGULAR };
    let mut code = false;
    let thousandths: u32 = text
        .chars()
        .map(|c| match c as u32 {
            _ if c == CODE => {
                code = !code;
                0
            }
            _ if code => MONO,
            code @ 32..=126 => u32::from(table[code as usize - 32]),
            // Letters with accents are as wide as the widest Latin letters; dashes, symbols
            // and other scripts a full em (CJK ideographs and kana are square).
            0xA0..=0x24F => 780,
            _ => 1000,
        })
        .sum();
    f64::from(thousandths) * FONT / 1000.0
}

/// Words drawn around a milestone's title so status does not rest on colour alone:
/// a mark before it and a flag (drawn bold) after it.
pub(crate) fn status_marks(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Done => ("✓ ", ""),
        Status::AtRisk => ("", " · At risk"),
        Status::Blocked => ("", " · Blocked"),
        Status::Dropped => ("", " · Dropped"),
        Status::Proposed => ("", " · Proposed"),
        Status::Planned | Status::InProgress => ("", ""),
    }
}

/// A title wrapped into lines, with its status flag at the end of the last line
/// (or on a line of its own when it does not fit there).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    /// The lines of the title, the status mark at the start of the first.
    pub(crate) lines: Vec<String>,
    /// The flag (` · At risk`), drawn after the last line; empty for none.
    pub(crate) flag: &'static str,
    /// The flag starts a line of its own, after `lines`.
    pub(crate) flag_alone: bool,
    /// The width of the widest line.
    pub(crate) width: f64,
}

impl Label {
    /// `title` with the marks of `status`, in lines at most `max` wide (wider only
    /// for a single word that is, which is broken between characters).
    pub(crate) fn new(title: &str, status: Status, max: f64) -> Label {
        let (mark, flag) = status_marks(status);
        let mut lines = wrap(&format!("{mark}{}", marked(title.trim())), max);
        let last = text_width(lines.last().map_or("", String::as_str), false);
        let flag_width = text_width(flag, true);
        let flag_alone = !flag.is_empty() && last + flag_width > max && !lines[0].is_empty();
        let flag = flag.trim_start_matches(if flag_alone { " " } else { "" });
        let mut width = lines.iter().map(|l| text_width(l, false)).fold(0.0, f64::max);
        if flag_alone {
            width = width.max(text_width(flag, true));
        } else {
            width = width.max(last + flag_width);
        }
        if lines.len() == 1 && lines[0].is_empty() {
            lines.clear();
        }
        Label { lines, flag, flag_alone, width }
    }

    /// How many lines are drawn.
    pub(crate) fn line_count(&self) -> usize {
        (self.lines.len() + usize::from(self.flag_alone)).max(1)
    }
}

/// `text` in lines at most `max` wide, broken at spaces; a word wider than a line
/// is broken between characters. Never drops a character but the spaces it breaks at.
pub(crate) fn wrap(text: &str, max: f64) -> Vec<String> {
    let space = text_width(" ", false);
    let mut lines = Vec::new();
    let (mut line, mut used) = (String::new(), 0.0);
    for word in text.split_whitespace() {
        let width = text_width(word, false);
        if !line.is_empty() && used + space + width <= max {
            line.push(' ');
            line.push_str(word);
            used += space + width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if width <= max {
            (line, used) = (word.to_string(), width);
            continue;
        }
        for c in word.chars() {
            let w = text_width(c.encode_utf8(&mut [0; 4]), false);
            if !line.is_empty() && used + w > max {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            line.push(c);
            used += w;
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font() {
        assert_eq!(text_width("", false), 0.0);
        assert!((text_width("m", false) - 0.974 * FONT).abs() < 1e-9);
        assert!(text_width("At risk", true) > text_width("At risk", false));
        assert!(text_width("日本", false) >= 2.0 * FONT);
    }

    #[test]
    fn short_titles_stay_on_one_line() {
        let label = Label::new("Launch", Status::Planned, 200.0);
        assert_eq!(label.lines, vec!["Launch"]);
        assert_eq!((label.flag, label.flag_alone), ("", false));
        assert_eq!(label.line_count(), 1);
        assert!((label.width - text_width("Launch", false)).abs() < 1e-9);
    }

    #[test]
    fn long_titles_wrap_at_spaces_and_keep_every_word() {
        let title = "Enterprise tier: multi-entity, SSO and approval flows for every region";
        let label = Label::new(title, Status::Done, 150.0);
        assert!(label.lines.len() >= 3, "{:?}", label.lines);
        assert!(label.lines.iter().all(|l| text_width(l, false) <= 150.0), "{:?}", label.lines);
        assert_eq!(label.lines.join(" "), format!("✓ {title}"));
        assert!(label.width <= 150.0);
    }

    #[test]
    fn a_word_wider_than_a_line_is_broken_not_cut() {
        let lines = wrap("Supercalifragilisticexpialidocious", 60.0);
        assert!(lines.len() > 2);
        assert_eq!(lines.concat(), "Supercalifragilisticexpialidocious");
        assert!(lines.iter().all(|l| text_width(l, false) <= 60.0));
        assert_eq!(wrap("", 60.0), vec![String::new()]);
    }

    #[test]
    fn the_flag_follows_the_last_line_or_goes_below_it() {
        let fits = Label::new("Beta", Status::AtRisk, 200.0);
        assert_eq!((fits.flag, fits.flag_alone, fits.line_count()), (" · At risk", false, 1));
        let max = text_width("Payments gross margin", false) + 1.0;
        let full = Label::new("Payments gross margin", Status::Blocked, max);
        assert_eq!((full.flag, full.flag_alone, full.line_count()), ("· Blocked", true, 2));
        assert!(full.width <= max);
    }
}
