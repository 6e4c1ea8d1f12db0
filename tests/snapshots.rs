//! Snapshot tests of the code generated for each spec in `specs/`. A change to the generator
//! that changes any generated line fails here until the new snapshot is reviewed
//! (`cargo insta review`).

use std::path::Path;

#[test]
fn generated_code_of_every_spec() {
    let generated =
        generator::generate_dir(Path::new("specs"), "generated").expect("specs/ is readable");
    let warnings: Vec<String> = generated
        .reports
        .iter()
        .flat_map(|report| report.diagnostics.iter().map(|d| report.one_line(d)))
        .collect();
    assert!(
        warnings.is_empty(),
        "the seed specs generate cleanly: {warnings:#?}"
    );
    let modules: Vec<&str> = generated
        .modules
        .iter()
        .map(|m| m.module.as_str())
        .collect();
    assert_eq!(
        modules,
        [
            "apinizer",
            "authlete",
            "commerce_layer",
            "confidence",
            "cribl"
        ]
    );
    for module in &generated.modules {
        insta::assert_snapshot!(module.module.as_str(), module.code);
    }
    insta::assert_snapshot!("modules", generated.out_dir_modules);
}

#[test]
fn generation_is_deterministic() {
    let first =
        generator::generate_dir(Path::new("specs"), "generated").expect("specs/ is readable");
    let second =
        generator::generate_dir(Path::new("specs"), "generated").expect("specs/ is readable");
    assert_eq!(first.modules, second.modules);
    assert_eq!(first.out_dir_modules, second.out_dir_modules);
}

#[test]
fn generated_code_of_every_fixture() {
    let generated = generator::generate_dir(Path::new("tests/fixtures"), "generated")
        .expect("the fixtures are readable");
    assert!(!generated.has_errors());
    for module in &generated.modules {
        insta::assert_snapshot!(format!("fixture_{}", module.module), module.code);
    }
    let warnings: Vec<String> = generated
        .reports
        .iter()
        .flat_map(|report| report.diagnostics.iter().map(|d| report.one_line(d)))
        .collect();
    insta::assert_debug_snapshot!("fixture_warnings", warnings);
}
