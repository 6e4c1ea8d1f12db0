//! Broken specs, each with the located diagnostic it must produce, and hostile inputs that must
//! neither panic, overflow the stack nor run away with memory.

use std::fs;
use std::path::Path;

use generator::diagnostics::Severity;
use generator::load::Format;
use generator::{SpecSource, check, generate};

fn source(name: &str, text: String) -> SpecSource {
    SpecSource {
        name: name.to_owned(),
        module: "broken".to_owned(),
        text,
        format: Format::Yaml,
        path: None,
    }
}

#[test]
fn every_broken_spec_has_its_located_diagnostic() {
    insta::glob!("broken/*.yaml", |path| {
        let name = format!(
            "broken/{}",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
        let text = fs::read_to_string(path).expect("read the spec");
        let mut spec = source(&name, text);
        // References to other files resolve against it.
        spec.path = Some(path.to_path_buf());
        let report = check(spec);
        assert!(!report.diagnostics.is_empty(), "{name} has a diagnostic");
        for diagnostic in &report.diagnostics {
            assert!(
                diagnostic.location.is_some(),
                "{name}: every diagnostic is located"
            );
        }
        insta::assert_snapshot!(report.render());
    });
}

#[test]
fn generation_of_a_broken_spec_fails_only_that_spec() {
    let broken = fs::read_to_string(Path::new("tests/broken/dangling_ref.yaml")).expect("read");
    let fine = fs::read_to_string(Path::new("../specs/cribl.yaml")).expect("read");
    let mut cribl = source("cribl.yaml", fine);
    cribl.module = "cribl".to_owned();
    let generated = generate(&[source("broken.yaml", broken), cribl], "generated");
    let modules: Vec<&str> = generated
        .modules
        .iter()
        .map(|m| m.module.as_str())
        .collect();
    assert_eq!(modules, ["cribl"]);
    assert!(generated.has_errors());
}

#[test]
fn a_ten_megabyte_description_is_just_documentation() {
    let description = "Lorem [ipsum](https://example.com) <dolor> sit amet. ".repeat(200_000);
    assert!(description.len() >= 10_000_000);
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1', description: \"{description}\"}}\nservers: [{{url: 'https://x.example.com'}}]\npaths: {{}}\n"
    );
    let generated = generate(&[source("huge.yaml", text)], "generated");
    assert!(!generated.has_errors());
    assert!(generated.out_dir_modules.len() > 10_000_000);
}

fn nested(depth: usize) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nservers: [{{url: 'https://x.example.com'}}]\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {}{{type: string}}{}\n",
        "{type: object, properties: {a: ".repeat(depth),
        "}}".repeat(depth)
    )
}

#[test]
fn deep_nesting_generates_or_fails_with_a_location_without_overflowing() {
    // Within the YAML parser's depth limit: a chain of nested structs.
    let generated = generate(&[source("deep.yaml", nested(60))], "generated");
    assert!(!generated.has_errors(), "{:?}", generated.reports);
    assert_eq!(
        generated.modules[0].code.matches("pub struct Deep").count(),
        60
    );

    // Far beyond it: refused, located, on a test thread's small stack.
    let report = check(source("deeper.yaml", nested(5_000)));
    let error = &report.diagnostics[0];
    assert_eq!(error.severity, Severity::Error);
    assert!(
        error.message.contains("recursion limit exceeded"),
        "{}",
        error.message
    );
    assert_eq!(error.location.as_ref().map(|l| l.line), Some(7));
}
