//! Turns OpenAPI 3.0 and 3.1 documents into typed Rust HTTP clients.
//!
//! The pipeline has one stage per module, each handing the next a checked result:
//!
//! 1. [`load`]: text into the openapiv3 model, OpenAPI 3.1 normalised, errors located;
//! 2. [`lower`]: that model into our own [`model`], references resolved and names decided;
//! 3. [`emit`]: the model into token streams;
//! 4. [`format`]: token streams into source text.
//!
//! [`generate_dir`] runs it over a folder of specs, as the `generated` crate's build script does:
//!
//! ```no_run
//! let generated = generator::generate_dir(std::path::Path::new("specs"))?;
//! for report in &generated.reports {
//!     eprint!("{}", report.render());
//! }
//! generated.write_if_changed(std::path::Path::new("out"))?;
//! # Ok::<(), std::io::Error>(())
//! ```

#![deny(missing_docs)]

pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod load;
pub mod lower;
pub mod model;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use diagnostics::{Diagnostic, Report};
use load::{Format, Locator};
use lower::ident::{self, Scope};

/// The runtime module every generated client calls into, as source text. Written beside the
/// generated modules of a standalone crate; the `generated` crate compiles the same file.
pub const RUNTIME_SOURCE: &str = include_str!("../runtime/runtime.rs");

/// One spec to generate from.
#[derive(Debug, Clone)]
pub struct SpecSource {
    /// How the spec is named in messages and docs, usually its path.
    pub name: String,
    /// The Rust module it becomes.
    pub module: String,
    /// Its text.
    pub text: String,
    /// Its format.
    pub format: Format,
}

/// The generated code of one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedModule {
    /// The Rust module name.
    pub module: String,
    /// The spec it came from.
    pub spec: String,
    /// The formatted module source.
    pub code: String,
}

/// The result of generating from a set of specs.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The modules of the specs that generated.
    pub modules: Vec<GeneratedModule>,
    /// The file declaring every module, each including its source from `OUT_DIR`.
    pub out_dir_modules: String,
    /// Problems found, one report per spec that has any.
    pub reports: Vec<Report>,
}

impl Generated {
    /// Whether any spec had an error; its module is then missing.
    pub fn has_errors(&self) -> bool {
        self.reports.iter().any(Report::has_errors)
    }

    /// Writes `modules.rs` and one file per module into `dir`, leaving files whose content is
    /// unchanged untouched so that nothing downstream rebuilds for them, and removing the files
    /// of modules that no longer exist.
    pub fn write_if_changed(&self, dir: &Path) -> io::Result<()> {
        fs::create_dir_all(dir)?;
        let mut written = vec![dir.join("modules.rs")];
        write_if_changed(&dir.join("modules.rs"), &self.out_dir_modules)?;
        for module in &self.modules {
            let path = dir.join(format!("{}.rs", module.module));
            write_if_changed(&path, &module.code)?;
            written.push(path);
        }
        for entry in fs::read_dir(dir)? {
            let path = entry?.path();
            let is_generated = path.extension().is_some_and(|ext| ext == "rs")
                && fs::read_to_string(&path).is_ok_and(|text| text.starts_with(format::HEADER));
            if is_generated && !written.contains(&path) {
                fs::remove_file(&path)?;
            }
        }
        Ok(())
    }
}

fn write_if_changed(path: &Path, contents: &str) -> io::Result<()> {
    if fs::read(path).is_ok_and(|existing| existing == contents.as_bytes()) {
        return Ok(());
    }
    fs::write(path, contents)
}

/// The spec files of a folder: `*.yaml`, `*.yml` and `*.json`, sorted by name.
pub fn spec_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<io::Result<_>>()?;
    files.retain(|path| path.is_file() && format_of(path).is_some());
    files.sort();
    Ok(files)
}

fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "yaml" | "yml" => Some(Format::Yaml),
        "json" => Some(Format::Json),
        _ => None,
    }
}

/// Generates a module for every spec in `dir`. Reading the files can fail; problems in the
/// specs themselves are in [`Generated::reports`].
pub fn generate_dir(dir: &Path) -> io::Result<Generated> {
    let mut modules = Scope::with_reserved(&["runtime"]);
    let mut sources = Vec::new();
    for path in spec_files(dir)? {
        let Some(format) = format_of(&path) else {
            continue;
        };
        let stem = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        sources.push(SpecSource {
            name: display_name(dir, &path),
            module: modules.claim(ident::snake(&stem).trim_start_matches("r#").to_owned()),
            text: fs::read_to_string(&path)?,
            format,
        });
    }
    Ok(generate(&sources))
}

/// `specs/cribl.yaml` rather than an absolute path, so that generated docs are the same on
/// every machine.
fn display_name(dir: &Path, path: &Path) -> String {
    let folder = dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    if folder.is_empty() {
        file
    } else {
        format!("{folder}/{file}")
    }
}

/// Generates a module for each spec. Specs with errors get no module; the others are
/// unaffected.
pub fn generate(sources: &[SpecSource]) -> Generated {
    let mut modules = Vec::new();
    let mut apis = Vec::new();
    let mut reports = Vec::new();
    for source in sources {
        let (api, report) = generate_one(source);
        if let Some((api, code)) = api {
            modules.push(GeneratedModule {
                module: api.module.clone(),
                spec: source.name.clone(),
                code,
            });
            apis.push(api);
        }
        if !report.diagnostics.is_empty() {
            reports.push(report);
        }
    }
    let out_dir_modules = format::format(emit::out_dir_modules(&apis)).unwrap_or_default();
    Generated {
        modules,
        out_dir_modules,
        reports,
    }
}

/// Runs the pipeline on one spec.
fn generate_one(source: &SpecSource) -> (Option<(model::Api, String)>, Report) {
    let mut diagnostics = Vec::new();
    let generated = load::load(&source.text, source.format, &mut diagnostics).and_then(|spec| {
        let api = lower::lower(&spec, &source.module, &source.name, &mut diagnostics);
        if diagnostics
            .iter()
            .any(|d| d.severity == diagnostics::Severity::Error)
        {
            return None;
        }
        match format::format(emit::module(&api)) {
            Ok(code) => Some((api, code)),
            Err(error) => {
                diagnostics.push(
                    Diagnostic::error(
                        "#",
                        format!("internal error: the generated code does not parse: {error}"),
                    )
                    .with_hint("please report this with the spec that caused it"),
                );
                None
            }
        }
    });
    let mut report = Report {
        file: source.name.clone(),
        source: source.text.clone(),
        diagnostics,
    };
    locate(&mut report);
    (generated, report)
}

/// Fills in where each diagnostic is in the text. Parses the text a second time, so only done
/// for specs that have something to report.
fn locate(report: &mut Report) {
    if report.diagnostics.iter().all(|d| d.location.is_some()) {
        return;
    }
    let locator = Locator::new(&report.source);
    for diagnostic in &mut report.diagnostics {
        if diagnostic.location.is_none()
            && let Some(pointer) = &diagnostic.pointer
        {
            diagnostic.location = locator.locate(&report.source, pointer);
        }
    }
}
