//! Any bytes, read as a YAML or JSON spec, go through load, lower, emit and format without a
//! panic, and whatever code comes out parses as Rust.

#![no_main]

use generator::load::Format;
use generator::{SpecSource, generate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let format = if text.trim_start().starts_with('{') {
        Format::Json
    } else {
        Format::Yaml
    };
    let generated = generate(&[SpecSource {
        name: "fuzz.yaml".to_owned(),
        module: "fuzz".to_owned(),
        text: text.to_owned(),
        format,
        path: None,
    }], "fuzzed");
    for report in &generated.reports {
        // Rendering locates every diagnostic in the text, which must not panic either.
        let _ = report.render();
    }
    for module in &generated.modules {
        assert!(syn::parse_file(&module.code).is_ok(), "generated code parses");
    }
});
