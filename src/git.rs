//! Reading a site as it was at a git revision, through the `git` binary.
//!
//! Three kinds of call, none of which touch the network or write into the
//! repository: `rev-parse` (where the repository is, where the site root sits
//! in it, which commit a revision names), `show -s` (the commit's date), and
//! one `ls-tree -r -z` plus one `cat-file --batch` that streams every file of
//! the site's `roadbook.toml` and `content/` in a single process. A `content/`
//! that is a symbolic link is followed within the repository, as the working
//! tree's is followed on disk.
//!
//! Only the command layer (`cmd`) reads revisions: it hands what it read to
//! the pipeline (`site`), which loads, validates and compares it like the
//! working tree, knowing nothing of git.

use crate::history::{Error, Revision, RevisionFiles};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository that holds a site root.
#[derive(Debug, Clone)]
pub(crate) struct Repo {
    /// The repository's top-level folder.
    top: PathBuf,
    /// Where the site root sits in the repository: empty or `sub/dir/`.
    prefix: String,
}

impl Repo {
    /// Finds the repository holding `root`.
    pub(crate) fn locate(root: &Path) -> Result<Repo, Error> {
        if !root.is_dir() {
            return Err(Error::NotARepository(root.to_path_buf()));
        }
        let out = git(root, &["rev-parse", "--show-toplevel", "--show-prefix"]).map_err(|e| match e {
            GitError::Missing(e) => Error::GitMissing(e),
            GitError::Failed(_) => Error::NotARepository(root.to_path_buf()),
        })?;
        Repo::from_rev_parse(&out).ok_or_else(|| Error::NotARepository(root.to_path_buf()))
    }

    /// The answer of `rev-parse --show-toplevel --show-prefix`: the top folder, then the
    /// prefix (an empty line at the top). Anything short of that names no repository.
    fn from_rev_parse(out: &str) -> Option<Repo> {
        let mut lines = out.lines();
        let top = lines.next().filter(|top| !top.is_empty())?;
        let prefix = lines.next()?;
        Some(Repo { top: PathBuf::from(top), prefix: prefix.to_string() })
    }

    /// The commit a revision names (`q3-review`, `HEAD~3`, a hash), with its date.
    pub(crate) fn resolve(&self, rev: &str) -> Result<Revision, Error> {
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
    /// as (path relative to the site root, bytes), and a `too-large` error for
    /// each file over `limit` bytes (left out, never read).
    pub(crate) fn site_files(&self, revision: Revision, limit: u64) -> Result<RevisionFiles, Error> {
        let failed = |detail: String| Error::Git { rev: revision.name.clone(), detail };
        let config = format!("{}{}", self.prefix, crate::config::FILE_NAME);
        let content = self.content_folder(&revision)?;
        let args = ["ls-tree", "-r", "-z", "-l", "--full-tree", &revision.commit, "--", &config, &content];
        let listing = git(&self.top, &args).map_err(|e| failed(e.detail("")))?;
        let mut too_large = Vec::new();
        let mut blobs: Vec<(String, String)> = Vec::new();
        for entry in listing.split('\0').filter_map(TreeEntry::parse).filter(TreeEntry::is_file) {
            let path = match entry.path.strip_prefix(&content) {
                Some(under) => format!("content/{under}"),
                None if entry.path == config => crate::config::FILE_NAME.to_string(),
                None => continue,
            };
            match entry.size {
                Some(size) if size > limit => too_large.push(crate::content::too_large(&path, size, limit)),
                _ => blobs.push((entry.oid.to_string(), path)),
            }
        }
        let oids: Vec<&str> = blobs.iter().map(|(oid, _)| oid.as_str()).collect();
        let contents = cat_files(&self.top, &oids).map_err(failed)?;
        let files = blobs.into_iter().map(|(_, path)| path).zip(contents).collect();
        Ok(RevisionFiles { revision, files, too_large })
    }

    /// Where the site's `content/` is in the repository at `revision`, ending in
    /// `/`: `content/` under the site root or, when that is a symbolic link, the
    /// folder it leads to, which must be inside the repository.
    fn content_folder(&self, revision: &Revision) -> Result<String, Error> {
        let failed = |detail: String| Error::Git { rev: revision.name.clone(), detail };
        let mut path = format!("{}content", self.prefix);
        for _ in 0..MAX_LINKS {
            let args = ["ls-tree", "-z", "-l", "--full-tree", &revision.commit, "--", &path];
            let listing = git(&self.top, &args).map_err(|e| failed(e.detail("")))?;
            let entry = listing.split('\0').filter_map(TreeEntry::parse).find(|e| e.path == path);
            match entry {
                Some(link) if link.mode == "120000" => {
                    let target = cat_files(&self.top, &[link.oid]).map_err(failed)?.concat();
                    let target = String::from_utf8_lossy(&target).into_owned();
                    path = follow(&path, &target).ok_or_else(|| {
                        failed(format!(
                            "`{}` is a symbolic link to `{target}`, which leads outside the repository or to its top folder; \
                             roadbook follows a linked content/ only inside the repository",
                            link.path
                        ))
                    })?;
                }
                _ => return Ok(format!("{path}/")),
            }
        }
        Err(failed(format!("`{}content` leads through more than {MAX_LINKS} symbolic links", self.prefix)))
    }
}

/// The site at `root` as it was at `rev`: the revision and its files (none over `limit` bytes).
pub(crate) fn read(root: &Path, rev: &str, limit: u64) -> Result<RevisionFiles, Error> {
    let repo = Repo::locate(root)?;
    let revision = repo.resolve(rev)?;
    repo.site_files(revision, limit)
}

/// How many symbolic links in a row `content/` may lead through.
const MAX_LINKS: usize = 8;

/// Where a symbolic link at repository path `link` pointing at `target` leads,
/// as a repository path; `None` when that is the repository's top folder or
/// outside it (an absolute target, or one climbing above the top).
fn follow(link: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = link.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// One `ls-tree -l` entry: `<mode> SP <type> SP <object> SP+ <size> TAB <path>`.
struct TreeEntry<'a> {
    mode: &'a str,
    kind: &'a str,
    oid: &'a str,
    /// The blob's size in bytes (`-` for a tree or a submodule).
    size: Option<u64>,
    path: &'a str,
}

impl<'a> TreeEntry<'a> {
    fn parse(line: &'a str) -> Option<TreeEntry<'a>> {
        let (meta, path) = line.split_once('\t')?;
        let mut parts = meta.split_whitespace();
        let (mode, kind, oid) = (parts.next()?, parts.next()?, parts.next()?);
        let size = parts.next().and_then(|s| s.parse().ok());
        Some(TreeEntry { mode, kind, oid, size, path })
    }

    /// Only regular files (not symbolic links or submodules) are content.
    fn is_file(&self) -> bool {
        self.kind == "blob" && (self.mode == "100644" || self.mode == "100755")
    }
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
    fn rev_parse_answers_without_a_top_folder_name_no_repository() {
        let repo = Repo::from_rev_parse("/repo\nsite/\n").unwrap();
        assert_eq!((repo.top.to_str(), repo.prefix.as_str()), (Some("/repo"), "site/"));
        assert_eq!(Repo::from_rev_parse("/repo\n\n").unwrap().prefix, "");
        assert!(Repo::from_rev_parse("").is_none() && Repo::from_rev_parse("/repo").is_none());
    }

    #[test]
    fn tree_lines_keep_regular_files_only() {
        let oid = "0123456789abcdef0123456789abcdef01234567";
        fn file(line: &str) -> Option<(&str, Option<u64>, &str)> {
            TreeEntry::parse(line).filter(TreeEntry::is_file).map(|e| (e.oid, e.size, e.path))
        }
        let line = format!("100644 blob {oid}     123\tcontent/roadmap/a b.toml");
        assert_eq!(file(&line), Some((oid, Some(123), "content/roadmap/a b.toml")));
        assert_eq!(file(&format!("120000 blob {oid}      9\tcontent/link.md")), None);
        assert_eq!(file(&format!("160000 commit {oid}       -\tcontent/sub")), None);
        assert_eq!(file(""), None);
    }

    #[test]
    fn links_are_followed_inside_the_repository_only() {
        assert_eq!(follow("site/content", "../shared/roadmap").as_deref(), Some("shared/roadmap"));
        assert_eq!(follow("content", "./docs//content/").as_deref(), Some("docs/content"));
        assert_eq!(follow("site/content", ".."), None, "the top folder");
        assert_eq!(follow("content", "../outside"), None);
        assert_eq!(follow("content", "/etc"), None);
    }

    #[test]
    fn batch_answers_are_split_by_size() {
        let answer = b"aaa blob 5\nhello\nbbb blob 0\n\nccc blob 3\na\nb\n";
        let files = read_batch(&mut &answer[..], 3).unwrap();
        assert_eq!(files, vec![b"hello".to_vec(), Vec::new(), b"a\nb".to_vec()]);
        assert!(read_batch(&mut &b"xyz missing\n"[..], 1).is_err());
    }
}
