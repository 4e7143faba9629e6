//! Reading a site as it was at a git revision, through the `git` binary.
//!
//! Three kinds of call, none of which touch the network or write into the
//! repository: `rev-parse` (where the repository is, where the site root sits
//! in it, which commit a revision names), `show -s` (the commit's date), and
//! one `ls-tree -r -z` plus one `cat-file --batch` that streams every file of
//! the site's `roadbook.toml` and `content/` in a single process.

use super::{Error, Revision};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository that holds a site root.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The repository's top-level folder.
    top: PathBuf,
    /// Where the site root sits in the repository: empty or `sub/dir/`.
    prefix: String,
}

impl Repo {
    /// Finds the repository holding `root`.
    pub fn locate(root: &Path) -> Result<Repo, Error> {
        let out = git(root, &["rev-parse", "--show-toplevel", "--show-prefix"]).map_err(|e| match e {
            GitError::Missing(e) => Error::GitMissing(e),
            GitError::Failed(_) => Error::NotARepository(root.to_path_buf()),
        })?;
        let mut lines = out.lines();
        let top = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = lines.next().unwrap_or_default().to_string();
        Ok(Repo { top, prefix })
    }

    /// The commit a revision names (`q3-review`, `HEAD~3`, a hash), with its date.
    pub fn resolve(&self, rev: &str) -> Result<Revision, Error> {
        let unknown = |detail: String| Error::UnknownRevision { rev: rev.to_string(), detail };
        if rev.is_empty() || rev.starts_with('-') {
            return Err(unknown("a revision cannot be empty or start with `-`".to_string()));
        }
        let spec = format!("{rev}^{{commit}}");
        let commit = git(&self.top, &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec])
            .map_err(|e| unknown(e.detail("no commit has this name")))?;
        let commit = commit.trim().to_string();
        let shown = git(&self.top, &["show", "-s", "--format=%cI", &commit]).map_err(|e| unknown(e.detail("")))?;
        let time = shown.trim().to_string();
        Ok(Revision { name: rev.to_string(), short: commit.chars().take(7).collect(), commit, time })
    }

    /// The site's `roadbook.toml` and every file under its `content/` at `revision`,
    /// as (path relative to the site root, bytes).
    pub fn site_files(&self, revision: &Revision) -> Result<Vec<(String, Vec<u8>)>, Error> {
        let failed = |detail: String| Error::Git { rev: revision.name.clone(), detail };
        let config = format!("{}{}", self.prefix, crate::config::FILE_NAME);
        let content = format!("{}content/", self.prefix);
        let args = ["ls-tree", "-r", "-z", "--full-tree", &revision.commit, "--", &config, &content];
        let listing = git(&self.top, &args).map_err(|e| failed(e.detail("")))?;
        let blobs: Vec<(String, String)> = listing
            .split('\0')
            .filter_map(parse_tree_line)
            .filter_map(|(oid, path)| Some((oid, path.strip_prefix(&self.prefix)?.to_string())))
            .collect();
        let oids: Vec<&str> = blobs.iter().map(|(oid, _)| oid.as_str()).collect();
        let contents = cat_files(&self.top, &oids).map_err(failed)?;
        Ok(blobs.into_iter().map(|(_, path)| path).zip(contents).collect())
    }
}

/// One `ls-tree` entry: `<mode> SP <type> SP <object> TAB <path>`. Only regular
/// files (not symbolic links or submodules) are content.
fn parse_tree_line(line: &str) -> Option<(String, String)> {
    let (meta, path) = line.split_once('\t')?;
    let mut parts = meta.split(' ');
    let (mode, kind, oid) = (parts.next()?, parts.next()?, parts.next()?);
    let regular = kind == "blob" && (mode == "100644" || mode == "100755");
    regular.then(|| (oid.to_string(), path.to_string()))
}

/// The bytes of each object, in order, from one `git cat-file --batch`.
fn cat_files(top: &Path, oids: &[&str]) -> Result<Vec<Vec<u8>>, String> {
    if oids.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = command(top, &["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("git cat-file has no input")?;
    let request: String = oids.iter().map(|oid| format!("{oid}\n")).collect();
    // Written from a thread: git answers while it reads, and a full pipe would block both sides.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let stdout = child.stdout.take().ok_or("git cat-file has no output")?;
    let read = read_batch(&mut BufReader::new(stdout), oids.len());
    let _ = writer.join();
    let status = child.wait().map_err(|e| format!("git cat-file: {e}"))?;
    match read {
        Ok(files) if status.success() => Ok(files),
        Ok(_) => Err(format!("git cat-file failed ({status})")),
        Err(e) => Err(e),
    }
}

/// Reads `count` answers of `cat-file --batch`: `<oid> SP <type> SP <size> LF <bytes> LF`.
fn read_batch(out: &mut impl BufRead, count: usize) -> Result<Vec<Vec<u8>>, String> {
    let mut files = Vec::with_capacity(count);
    for _ in 0..count {
        let mut header = String::new();
        out.read_line(&mut header).map_err(|e| format!("reading git cat-file: {e}"))?;
        let size: usize = header
            .trim_end()
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("unexpected answer from git cat-file: {}", header.trim_end()))?;
        let mut bytes = vec![0; size + 1];
        out.read_exact(&mut bytes).map_err(|e| format!("reading git cat-file: {e}"))?;
        bytes.pop();
        files.push(bytes);
    }
    Ok(files)
}

/// Why a git command did not give an answer.
enum GitError {
    /// The binary could not be started.
    Missing(String),
    /// It ran and failed; its message.
    Failed(String),
}

impl GitError {
    /// git's own message, or `fallback` when it said nothing.
    fn detail(self, fallback: &str) -> String {
        match self {
            GitError::Missing(e) => format!("cannot run git: {e}"),
            GitError::Failed(m) if m.is_empty() => fallback.to_string(),
            GitError::Failed(m) => m,
        }
    }
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("git");
    command
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_LITERAL_PATHSPECS", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    command
}

/// Runs git in `dir`; its stdout on success.
fn git(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    let out = command(dir, args).stdin(Stdio::null()).output().map_err(|e| GitError::Missing(e.to_string()))?;
    if !out.status.success() {
        let message = String::from_utf8_lossy(&out.stderr);
        let first = message.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
        return Err(GitError::Failed(first.strip_prefix("fatal: ").unwrap_or(first).to_string()));
    }
    String::from_utf8(out.stdout).map_err(|_| GitError::Failed("git printed a path that is not UTF-8".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_lines_keep_regular_files_only() {
        let oid = "0123456789abcdef0123456789abcdef01234567";
        let file = format!("100644 blob {oid}\tcontent/roadmap/a b.toml");
        assert_eq!(parse_tree_line(&file), Some((oid.to_string(), "content/roadmap/a b.toml".to_string())));
        assert_eq!(parse_tree_line(&format!("120000 blob {oid}\tcontent/link.md")), None);
        assert_eq!(parse_tree_line(&format!("160000 commit {oid}\tcontent/sub")), None);
        assert_eq!(parse_tree_line(""), None);
    }

    #[test]
    fn batch_answers_are_split_by_size() {
        let answer = b"aaa blob 5\nhello\nbbb blob 0\n\nccc blob 3\na\nb\n";
        let files = read_batch(&mut &answer[..], 3).unwrap();
        assert_eq!(files, vec![b"hello".to_vec(), Vec::new(), b"a\nb".to_vec()]);
        assert!(read_batch(&mut &b"xyz missing\n"[..], 1).is_err());
    }
}
