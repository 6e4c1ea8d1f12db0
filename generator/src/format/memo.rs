//! Formatted pieces kept between runs, so that generating again after a spec changed formats
//! only the operations and types whose tokens changed.
//!
//! A piece is keyed by the block it stands in, its place in the block, and its syntax tree's
//! tokens as text, so a hit is exactly the text formatting would give. The file also records which generator
//! wrote it (see [`Memo::load`]); a memo from another build of the generator is not used,
//! since a new prettyplease may format the same tokens differently.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use foldhash::HashMap;
use quote::ToTokens;

use crate::emit::Block;

/// The first line of a memo file; a new layout gets a new version.
const MAGIC: &str = "openapi-clients format memo 1";

/// Formatted text by piece key.
#[derive(Debug, Default)]
pub struct Memo {
    entries: HashMap<String, String>,
}

/// The key of one piece: what decides the text formatting gives it.
pub fn key(block: Block, first: bool, last: bool, file: &syn::File) -> String {
    let tokens = file.to_token_stream();
    format!("{block:?} {first} {last} {tokens}")
}

impl Memo {
    /// The memo in `path` if the generator identified by `fingerprint` wrote it; an empty one
    /// when the file is missing, unreadable, damaged or another generator's.
    pub fn load(path: &Path, fingerprint: &str) -> Self {
        fs::read_to_string(path)
            .ok()
            .and_then(|text| parse(&text, fingerprint))
            .map(|entries| Self { entries })
            .unwrap_or_default()
    }

    /// The text formatted for `key` in an earlier run.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    /// How many pieces it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes `entries` (key, text) to `path` as the memo of the generator `fingerprint`;
    /// what the previous memo held beyond them is dropped with it.
    pub fn save<Key: AsRef<str>, Text: AsRef<str>>(
        path: &Path,
        fingerprint: &str,
        entries: &[(Key, Text)],
    ) -> io::Result<()> {
        let mut out = format!("{MAGIC}\n{}\n", fingerprint.replace('\n', " "));
        for (key, text) in entries {
            let (key, text) = (key.as_ref(), text.as_ref());
            // Lengths in bytes, then the bytes: keys and texts may hold any character.
            let _ = writeln!(out, "{} {}", key.len(), text.len());
            out.push_str(key);
            out.push_str(text);
        }
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        // Written aside and renamed, so that a build stopped midway leaves no half a memo.
        // Named per process, so that two runs sharing a memo folder never mix their writes.
        let partial = path.with_extension(format!("partial{}", std::process::id()));
        fs::write(&partial, out)?;
        fs::rename(&partial, path)
    }
}

fn parse(text: &str, fingerprint: &str) -> Option<HashMap<String, String>> {
    let rest = text.strip_prefix(MAGIC)?.strip_prefix('\n')?;
    let (written_by, mut rest) = rest.split_once('\n')?;
    if written_by != fingerprint.replace('\n', " ") {
        return None;
    }
    let mut entries = HashMap::default();
    while !rest.is_empty() {
        let (lengths, after) = rest.split_once('\n')?;
        let (key_len, text_len) = lengths.split_once(' ')?;
        let (key_len, text_len): (usize, usize) = (key_len.parse().ok()?, text_len.parse().ok()?);
        let key = after.get(..key_len)?;
        let text = after.get(key_len..key_len.checked_add(text_len)?)?;
        entries.insert(key.to_owned(), text.to_owned());
        rest = &after[key_len + text_len..];
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_memo_loads_for_its_generator_only() {
        let dir = std::env::temp_dir().join(format!("memo-test-{}", std::process::id()));
        let path = dir.join("api.memo");
        let entries = [
            ("Types false false struct A ;", "    pub struct A;\n"),
            ("é\n1 2\n", "x"),
        ];
        Memo::save(&path, "generator 1", &entries).expect("saves");
        let memo = Memo::load(&path, "generator 1");
        assert_eq!(memo.len(), 2);
        assert_eq!(memo.get("é\n1 2\n"), Some("x"));
        assert_eq!(memo.get(entries[0].0), Some(entries[0].1));
        assert!(Memo::load(&path, "generator 2").is_empty());
        // A damaged file is no memo, whatever it holds.
        let text = fs::read_to_string(&path).expect("reads");
        for cut in [0, 10, text.len() / 2, text.len() - 1] {
            fs::write(&path, &text[..cut]).expect("writes");
            assert!(Memo::load(&path, "generator 1").len() < 2, "{cut}");
        }
        fs::write(
            &path,
            format!("{MAGIC}\ngenerator 1\n99999999999999999999 1\nx"),
        )
        .expect("w");
        assert!(Memo::load(&path, "generator 1").is_empty());
        assert!(Memo::load(&dir.join("missing.memo"), "generator 1").is_empty());
        fs::remove_dir_all(&dir).expect("cleans up");
    }
}
