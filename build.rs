//! Build script of the `generated` crate (its manifest points here): runs the generator over
//! every spec in `specs/` and writes the modules into `OUT_DIR`.
//!
//! Cargo reruns it when a file in `specs/` (subfolders included) is added, changed or removed,
//! when another file a spec references changes, and when the generator itself changes (it is a
//! build dependency). Unchanged modules are not rewritten.

use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: generator::Allocator = generator::Allocator;

fn main() -> ExitCode {
    let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        eprintln!("error: CARGO_MANIFEST_DIR is not set; run this through cargo");
        return ExitCode::FAILURE;
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        eprintln!("error: OUT_DIR is not set; run this through cargo");
        return ExitCode::FAILURE;
    };
    let specs = manifest_dir.join("..").join("specs");
    // Generated docs name the crate as its users write it.
    let crate_name = std::env::var("CARGO_PKG_NAME")
        .unwrap_or_else(|_| "generated".to_owned())
        .replace('-', "_");
    println!("cargo::rerun-if-changed={}", specs.display());

    let generated = match generator::generate_dir(&specs, &crate_name) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!(
                "error: cannot read the specs in {}: {error}",
                specs.display()
            );
            return ExitCode::FAILURE;
        }
    };
    // Files the specs reference may lie outside `specs/`; those inside are watched already.
    for file in &generated.referenced_files {
        println!("cargo::rerun-if-changed={}", file.display());
    }
    for report in &generated.reports {
        for diagnostic in &report.diagnostics {
            if diagnostic.severity == generator::diagnostics::Severity::Warning {
                println!("cargo::warning={}", report.one_line(diagnostic));
            }
        }
    }
    if generated.has_errors() {
        for report in generated
            .reports
            .iter()
            .filter(|report| report.has_errors())
        {
            eprint!("{}", report.render());
        }
        return ExitCode::FAILURE;
    }
    if let Err(error) = generated.write_if_changed(&out_dir) {
        eprintln!(
            "error: cannot write the generated code to {}: {error}",
            out_dir.display()
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
