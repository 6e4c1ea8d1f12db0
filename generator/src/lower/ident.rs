//! Turns wire names into valid, unique Rust identifiers. The only place that calls heck.

use foldhash::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that a raw identifier (`r#type`) can stand for, sorted for a binary search.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const UNRAWABLE: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A `snake_case` identifier for a field, method or module. Raw keywords come back as `r#type`.
pub fn snake(wire: &str) -> String {
    let name =
        plain_words(wire, Casing::Snake).unwrap_or_else(|| ascii_words(wire).to_snake_case());
    finish(name, "field")
}

/// An `UpperCamelCase` identifier for a type or variant.
pub fn upper_camel(wire: &str) -> String {
    if is_plain_upper_camel(wire) {
        return finish(wire.to_owned(), "Value");
    }
    let name = plain_words(wire, Casing::UpperCamel)
        .unwrap_or_else(|| ascii_words(wire).to_upper_camel_case());
    finish(name, "Value")
}

/// Whether `wire` is `UpperCamelCase` already, as type names built from other type names are.
/// heck leaves such a name as it is: ASCII letters and digits, starting with a capital, where
/// every other capital starts a word. A capital starts a word after a lowercase letter (digits
/// between them or not: `Variant1Pull`), or before one (`ItemAType`, `V2View`); elsewhere heck
/// lowers it (`HTTPServer`, `V1API`). A test checks this against heck.
fn is_plain_upper_camel(wire: &str) -> bool {
    let bytes = wire.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let mut last_letter_lowercase = false;
    for (index, byte) in bytes.iter().enumerate().skip(1) {
        if byte.is_ascii_lowercase() {
            last_letter_lowercase = true;
        } else if byte.is_ascii_uppercase() {
            let lowercase_next = bytes.get(index + 1).is_some_and(u8::is_ascii_lowercase);
            if !last_letter_lowercase && !lowercase_next {
                return false;
            }
            last_letter_lowercase = false;
        } else if !byte.is_ascii_digit() {
            return false;
        }
    }
    true
}

/// The two casings heck is asked for.
#[derive(Clone, Copy, PartialEq)]
enum Casing {
    Snake,
    UpperCamel,
}

/// What joins the words of a plain name (see [`plain_words`]).
fn is_word_separator(byte: u8) -> bool {
    matches!(byte, b'_' | b'-' | b'/' | b'.' | b' ')
}

/// `wire` cased as heck cases it, when it is plain words: ASCII letters and digits joined by
/// single separators (`_`, `-`, `/`, `.`, space), each word with at most one case of letters
/// but for a leading capital (`html_url`, `repos/get-content`, `PR_BODY`, `Not Found`). heck
/// splits no such word further, so casing needs no word splitting; this is most names, and
/// heck is the costliest part of naming. `None` for any other name. A test checks the result
/// against heck.
fn plain_words(wire: &str, casing: Casing) -> Option<String> {
    let bytes = wire.as_bytes();
    if bytes.last().is_none_or(|&last| is_word_separator(last)) {
        return None;
    }
    let camel = casing == Casing::UpperCamel;
    let mut name = Vec::with_capacity(bytes.len());
    let mut word_start = true;
    let mut word_has_lowercase = false;
    let mut word_has_inner_capital = false;
    for &byte in bytes {
        match byte {
            b'a'..=b'z' => {
                if word_has_inner_capital {
                    return None;
                }
                word_has_lowercase = true;
                name.push(if word_start && camel {
                    byte.to_ascii_uppercase()
                } else {
                    byte
                });
            }
            b'A'..=b'Z' => {
                if !word_start {
                    if word_has_lowercase {
                        return None;
                    }
                    word_has_inner_capital = true;
                }
                name.push(if word_start && camel {
                    byte
                } else {
                    byte.to_ascii_lowercase()
                });
            }
            b'0'..=b'9' => name.push(byte),
            _ if is_word_separator(byte) => {
                if word_start {
                    // A leading or doubled separator: heck's words differ from these.
                    return None;
                }
                if !camel {
                    name.push(b'_');
                }
                word_start = true;
                word_has_lowercase = false;
                word_has_inner_capital = false;
                continue;
            }
            _ => return None,
        }
        word_start = false;
    }
    // Only ASCII bytes were pushed, so this never fails.
    String::from_utf8(name).ok()
}

/// Replaces what is not an ASCII letter or digit by word breaks, and spells out the few symbols
/// that carry meaning in enum values (`+1`, `-1`, `>=`).
fn ascii_words(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    for c in wire.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c),
            '+' => out.push_str(" plus "),
            '-' if out.trim().is_empty() => out.push_str(" minus "),
            '<' => out.push_str(" lt "),
            '>' => out.push_str(" gt "),
            '=' => out.push_str(" eq "),
            '*' => out.push_str(" star "),
            _ if c.is_alphanumeric() => {
                // Non-ASCII letters: keep them distinct through their code point.
                out.push_str(&format!(" u{:x} ", c as u32));
            }
            _ => out.push(' '),
        }
    }
    out
}

/// Makes a cased name a valid identifier: never empty, never starting with a digit, keywords
/// made raw or suffixed.
fn finish(name: String, empty: &str) -> String {
    let mut name = if name.is_empty() {
        empty.to_owned()
    } else {
        name
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, if empty == "field" { '_' } else { 'V' });
    }
    // Every keyword is short and lowercase (but `Self`); most names are neither.
    if name.len() > 8 || name.starts_with(|c: char| c.is_ascii_uppercase() && c != 'S') {
        return name;
    }
    if UNRAWABLE.contains(&name.as_str()) {
        name.push('_');
    } else if RAW_KEYWORDS.binary_search(&name.as_str()).is_ok() {
        name.insert_str(0, "r#");
    }
    name
}

/// Hands out names unique within one scope: a second `Foo` becomes `Foo2`, then `Foo3`.
#[derive(Debug, Default)]
pub struct Scope {
    taken: HashSet<String>,
    /// For a name claimed more than once, the suffix to try next: every one below it is taken,
    /// so a thousand `Item`s cost a thousand lookups, not half a million.
    next_suffix: HashMap<String, usize>,
    /// In a part lowered beside another, every name claimed since the fork.
    claims: Option<Vec<String>>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
            next_suffix: HashMap::default(),
            claims: None,
        }
    }

    /// A copy for a part lowered beside this scope's, recording what it claims.
    pub fn fork(&self) -> Self {
        Self {
            taken: self.taken.clone(),
            next_suffix: self.next_suffix.clone(),
            claims: Some(Vec::new()),
        }
    }

    /// Whether a name `part` claimed since its fork is taken here: a claim here since then,
    /// since every name it claimed was free at the fork.
    pub fn shares_claims_with(&self, part: &Self) -> bool {
        part.claims
            .iter()
            .flatten()
            .any(|name| self.taken.contains(name))
    }

    /// Takes the claims of a part forked from this scope, as if they had been made here.
    pub fn absorb(&mut self, part: Self) {
        self.taken.extend(part.claims.into_iter().flatten());
        // Every suffix below either count is taken in the union of both.
        for (name, suffix) in part.next_suffix {
            let here = self.next_suffix.entry(name).or_insert(suffix);
            *here = (*here).max(suffix);
        }
    }

    /// Whether `name` is still free.
    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(name)
    }

    /// `name` if it is free, else `name` with the smallest numeric suffix that is.
    pub fn claim(&mut self, name: String) -> String {
        let claimed = if self.taken.insert(name.clone()) {
            name
        } else {
            let suffix = self.next_suffix.entry(name.clone()).or_insert(2);
            loop {
                let candidate = format!("{name}{suffix}");
                *suffix += 1;
                if self.taken.insert(candidate.clone()) {
                    break candidate;
                }
            }
        };
        if let Some(claims) = &mut self.claims {
            claims.push(claimed.clone());
        }
        claimed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("ref"), "r#ref");
        assert_eq!(snake("gen"), "r#gen");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("super"), "super_");
        assert_eq!(upper_camel("self"), "Self_");
    }

    #[test]
    fn operation_ids_follow_the_naming_contract() {
        assert_eq!(
            upper_camel("v1.apiCredentials.updateApiCredential"),
            "V1ApiCredentialsUpdateApiCredential"
        );
        assert_eq!(snake("ClientCredential.update"), "client_credential_update");
        assert_eq!(
            upper_camel("client_secret_update_api"),
            "ClientSecretUpdateApi"
        );
    }

    #[test]
    fn leading_digits_empty_and_symbols() {
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(upper_camel("404"), "V404");
        assert_eq!(upper_camel(""), "Value");
        assert_eq!(snake("@type"), "r#type");
        assert_eq!(upper_camel("+1"), "Plus1");
        assert_eq!(upper_camel("-1"), "Minus1");
        assert_ne!(upper_camel("é"), upper_camel("è"));
    }

    /// Every name of one to `longest` characters from `alphabet`.
    fn every_name(alphabet: &[char], longest: usize) -> Vec<String> {
        let mut names = Vec::new();
        let mut last = vec![String::new()];
        for _ in 0..longest {
            last = last
                .iter()
                .flat_map(|name| alphabet.iter().map(move |c| format!("{name}{c}")))
                .collect();
            names.extend(last.iter().cloned());
        }
        names
    }

    #[test]
    fn plain_names_are_cased_as_heck_cases_them() {
        let alphabet = ['a', 'z', 'A', 'Z', '0', '9', '_', '-', '/', '.', ' '];
        for name in every_name(&alphabet, 5) {
            let heck_snake = finish(ascii_words(&name).to_snake_case(), "field");
            let heck_camel = finish(ascii_words(&name).to_upper_camel_case(), "Value");
            assert_eq!(snake(&name), heck_snake, "{name}");
            assert_eq!(upper_camel(&name), heck_camel, "{name}");
        }
        let plain = |name| plain_words(name, Casing::Snake).is_some();
        for name in [
            "html_url",
            "repos/get-content",
            "PR_BODY",
            "Not Found",
            "V2",
        ] {
            assert!(plain(name), "{name}");
        }
        for name in [
            "htmlUrl",
            "-1",
            "a__b",
            "trailing_",
            "HTTPServer",
            "2Ab",
            "é",
        ] {
            assert!(!plain(name), "{name}");
        }
    }

    #[test]
    fn plain_upper_camel_names_are_cased_as_heck_cases_them() {
        for name in every_name(&['A', 'Z', 'a', 'z', '0', '9'], 6) {
            let heck_camel = finish(ascii_words(&name).to_upper_camel_case(), "Value");
            assert_eq!(upper_camel(&name), heck_camel, "{name}");
        }
        for name in [
            "RepositoryOwner2",
            "Variant1Pull",
            "ItemAType",
            "V2View",
            "ABc",
        ] {
            assert!(is_plain_upper_camel(name), "{name}");
        }
        for name in ["HTTPServer", "V1API", "AB", "Self_", "links"] {
            assert!(!is_plain_upper_camel(name), "{name}");
        }
    }

    #[test]
    fn raw_keywords_are_sorted_for_the_binary_search() {
        assert!(RAW_KEYWORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(snake("yield"), "r#yield");
        assert_eq!(snake("abstract"), "r#abstract");
    }

    #[test]
    fn keywords_are_short_enough_for_the_quick_check() {
        for keyword in RAW_KEYWORDS.iter().chain(UNRAWABLE) {
            assert!(keyword.len() <= 8, "{keyword}");
            assert!(!keyword.starts_with(|c: char| c.is_ascii_uppercase() && c != 'S'));
        }
    }

    #[test]
    fn scope_suffixes_collisions() {
        let mut scope = Scope::with_reserved(&["Client"]);
        assert_eq!(scope.claim("Client".into()), "Client2");
        assert_eq!(scope.claim("Foo".into()), "Foo");
        assert_eq!(scope.claim("Foo".into()), "Foo2");
        assert_eq!(scope.claim("Foo".into()), "Foo3");
        // A suffixed name claimed as it is: the next `Foo` skips it.
        assert_eq!(scope.claim("Foo5".into()), "Foo5");
        assert_eq!(scope.claim("Foo".into()), "Foo4");
        assert_eq!(scope.claim("Foo".into()), "Foo6");
        let mut scope = Scope::with_reserved(&["Bar3"]);
        let claimed: Vec<String> = (0..4).map(|_| scope.claim("Bar".into())).collect();
        assert_eq!(claimed, ["Bar", "Bar2", "Bar4", "Bar5"]);
    }
}
