//! Turns wire names into valid, unique Rust identifiers. The only place that calls heck.

use foldhash::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that a raw identifier (`r#type`) can stand for.
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
    if is_plain_words(wire) {
        return finish(wire.replace(WORD_SEPARATORS, "_"), "field");
    }
    finish(ascii_words(wire).to_snake_case(), "field")
}

/// An `UpperCamelCase` identifier for a type or variant.
pub fn upper_camel(wire: &str) -> String {
    if is_plain_upper_camel(wire) {
        return finish(wire.to_owned(), "Value");
    }
    if is_plain_words(wire) {
        let mut name = String::with_capacity(wire.len());
        for word in wire.split(WORD_SEPARATORS) {
            name.push_str(&word[..1].to_ascii_uppercase());
            name.push_str(&word[1..]);
        }
        return finish(name, "Value");
    }
    finish(ascii_words(wire).to_upper_camel_case(), "Value")
}

/// What joins the words of a plain name (see [`is_plain_words`]).
const WORD_SEPARATORS: [char; 4] = ['_', '-', '/', '.'];

/// Whether `wire` is `UpperCamelCase` already, as type names built from other type names are:
/// ASCII letters and digits, starting with a capital, every other capital right after a
/// lowercase letter (heck lowers one after a capital or a digit: `HTTPServer`, `V1API`). heck
/// leaves such names as they are; a test checks it.
fn is_plain_upper_camel(wire: &str) -> bool {
    let bytes = wire.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes
            .windows(2)
            .all(|pair| !pair[1].is_ascii_uppercase() || pair[0].is_ascii_lowercase())
}

/// Whether `wire` is ASCII lowercase words of letters and digits joined by single
/// separators (`_`, `-`, `/`, `.`), as most property names (`html_url`) and many operation IDs
/// (`repos/get-content`) are. Casing such a name needs no word splitting, so it skips heck, the
/// costliest part of naming; a test checks that the result is heck's.
fn is_plain_words(wire: &str) -> bool {
    let bytes = wire.as_bytes();
    let separator = |byte: &u8| WORD_SEPARATORS.contains(&char::from(*byte));
    !bytes.is_empty()
        && !bytes.first().is_some_and(separator)
        && !bytes.last().is_some_and(separator)
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || separator(byte))
        && !bytes
            .windows(2)
            .any(|pair| separator(&pair[0]) && separator(&pair[1]))
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
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
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
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
            next_suffix: HashMap::default(),
        }
    }

    /// Whether `name` is still free.
    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(name)
    }

    /// `name` if it is free, else `name` with the smallest numeric suffix that is.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let suffix = self.next_suffix.entry(name.clone()).or_insert(2);
        loop {
            let candidate = format!("{name}{suffix}");
            *suffix += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
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
        for name in every_name(&['a', 'z', '0', '9', '_', '-', '/', '.'], 5) {
            let heck_snake = finish(ascii_words(&name).to_snake_case(), "field");
            let heck_camel = finish(ascii_words(&name).to_upper_camel_case(), "Value");
            assert_eq!(snake(&name), heck_snake, "{name}");
            assert_eq!(upper_camel(&name), heck_camel, "{name}");
        }
        assert!(is_plain_words("html_url") && is_plain_words("repos/get-content"));
        assert!(!is_plain_words("htmlUrl") && !is_plain_words("-1") && !is_plain_words("a__b"));
    }

    #[test]
    fn plain_upper_camel_names_are_cased_as_heck_cases_them() {
        for name in every_name(&['A', 'Z', 'a', 'z', '0', '9'], 6) {
            let heck_camel = finish(ascii_words(&name).to_upper_camel_case(), "Value");
            assert_eq!(upper_camel(&name), heck_camel, "{name}");
        }
        assert!(is_plain_upper_camel("RepositoryOwner2") && !is_plain_upper_camel("HTTPServer"));
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
