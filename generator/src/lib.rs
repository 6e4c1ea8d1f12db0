//! Turns OpenAPI 3.0 and 3.1 documents into typed Rust HTTP clients.
//!
//! The pipeline has one stage per module, each handing the next a checked result:
//!
//! 1. [`load`]: text into the openapiv3 model, OpenAPI 3.1 normalised, errors located;
//! 2. [`lower`]: that model into our own [`model`], references resolved and names decided;
//! 3. [`emit`]: the model into syntax trees;
//! 4. [`format`](mod@format): syntax trees into source text.
//!
//! [`generate_dir`] runs it over a folder of specs, as the `generated` crate's build script does:
//!
//! ```no_run
//! let generated = generator::generate_dir(std::path::Path::new("specs"), "generated")?;
//! for report in &generated.reports {
//!     eprint!("{}", report.render());
//! }
//! generated.write_if_changed(std::path::Path::new("out"))?;
//! # Ok::<(), std::io::Error>(())
//! ```

#![deny(missing_docs)]

/// The global allocator the generator runs fastest with; its command line and the `generated`
/// crate's build script use it. Generating allocates and frees millions of small objects (JSON
/// trees, token streams, syntax trees); with this allocator loading, lowering and emitting took
/// 25–42 % less time than with the system one (`docs/benchmarks.md`).
pub use mimalloc::MiMalloc as Allocator;

pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod load;
pub mod lower;
pub mod model;

use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use diagnostics::{Diagnostic, Report};
use load::{Format, Locator};
use lower::ident::{self, Scope};

/// The runtime module every generated client calls into: each file of `generator/runtime/`
/// by name, with its source text. Written into `src/runtime/` of a standalone crate; the
/// `generated` crate compiles the same files.
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../runtime/mod.rs")),
    ("auth.rs", include_str!("../runtime/auth.rs")),
    ("client.rs", include_str!("../runtime/client.rs")),
    ("decode.rs", include_str!("../runtime/decode.rs")),
    ("encode.rs", include_str!("../runtime/encode.rs")),
    ("error.rs", include_str!("../runtime/error.rs")),
    ("retry.rs", include_str!("../runtime/retry.rs")),
    ("values.rs", include_str!("../runtime/values.rs")),
];

/// The dependencies generated code and the runtime need, as `Cargo.toml` lines. The `generated`
/// crate's manifest lists the same lines.
pub const RUNTIME_DEPENDENCIES: &str = include_str!("../runtime/dependencies.toml");

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
    /// The file it was read from, against which references to other files resolve; `None`
    /// for text that has no file, which may then reference only itself.
    pub path: Option<PathBuf>,
}

/// The generated code of one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedModule {
    /// The Rust module name; a keyword is a raw identifier such as `r#type`.
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
    /// The other files the specs reference, which a build script must watch as well.
    pub referenced_files: Vec<PathBuf>,
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
            let path = dir.join(module_file(&module.module));
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

/// The file a module's code is written to: `r#type` is in `type.rs`.
pub fn module_file(module: &str) -> String {
    format!("{}.rs", module.trim_start_matches("r#"))
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

/// Generates a module for every spec in `dir`, for the crate `crate_name` (as code names it,
/// with underscores). Reading the files can fail; problems in the specs themselves are in
/// [`Generated::reports`].
pub fn generate_dir(dir: &Path, crate_name: &str) -> io::Result<Generated> {
    // `runtime` is the runtime's module and `modules.rs` the file that declares the others.
    let mut modules = Scope::with_reserved(&["runtime", "modules"]);
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
            module: modules.claim(ident::snake(&stem)),
            text: fs::read_to_string(&path)?,
            format,
            path: Some(path),
        });
    }
    Ok(generate(&sources, crate_name))
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

/// Generates a module for each spec, for the crate `crate_name`. Specs with errors get no
/// module; the others are unaffected.
pub fn generate(sources: &[SpecSource], crate_name: &str) -> Generated {
    let mut modules = Vec::new();
    let mut apis = Vec::new();
    let mut reports = Vec::new();
    let mut referenced_files = Vec::new();
    for (source, (api, report, files)) in sources.iter().zip(run_pipelines(sources)) {
        referenced_files.extend(files);
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
    let out_dir_modules = match emit::out_dir_modules(&apis, crate_name) {
        Ok(file) => format::format(&file),
        Err(error) => {
            reports.push(Report {
                file: "modules.rs".to_owned(),
                source: String::new(),
                diagnostics: vec![
                    Diagnostic::error(
                        "#",
                        format!("internal error: the module index does not parse: {error}"),
                    )
                    .with_hint("please report this with the spec file names that caused it"),
                ],
            });
            String::new()
        }
    };
    referenced_files.sort();
    referenced_files.dedup();
    Generated {
        modules,
        out_dir_modules,
        reports,
        referenced_files,
    }
}

/// Checks one spec file without generating: loads and lowers it and reports every problem.
pub fn check_file(path: &Path) -> io::Result<Report> {
    Ok(check(SpecSource {
        name: path.display().to_string(),
        module: "checked".to_owned(),
        text: fs::read_to_string(path)?,
        format: format_of(path).unwrap_or(Format::Yaml),
        path: Some(path.to_path_buf()),
    }))
}

/// How many operations and types an API needs before its file is emitted and formatted in
/// pieces on several threads; below it, threads cost more than they save. On both cores,
/// Authlete's 2.3 description (310 units) generated in a median of 110 ms against 133 ms on
/// one, and Cribl's management plane (1,903 lines) in 18 against 23 ms; the seed specs (8 to
/// 25 units) stay on one.
const PARALLEL_UNITS: usize = 64;

/// How many units a piece of a large file holds. Small pieces keep little memory in flight and
/// share the work evenly between threads; on GitHub's API, 16 measured fastest of 1, 4, 16, 64
/// and 256.
const PIECE_UNITS: usize = 16;

/// The threads emitting and formatting may use.
fn parallelism() -> usize {
    std::thread::available_parallelism().map_or(1, |threads| threads.get().min(8))
}

/// Emits and formats one API's file. A large API is cut into pieces of whole operations and
/// types, which `threads` threads emit and format at once (syntax trees cannot move between
/// threads, so each piece is emitted where it is formatted); the pieces concatenate into the
/// very text formatting the whole file at once gives.
fn render(
    api: &model::Api,
    root: emit::Root,
    threads: usize,
    parallel_units: usize,
) -> Result<String, syn::Error> {
    let units: usize = emit::sections(api)
        .iter()
        .map(|section| section.units)
        .sum();
    if threads >= 2
        && units >= parallel_units
        && let Some(code) = render_in_pieces(api, root, threads, PIECE_UNITS)?
    {
        return Ok(code);
    }
    Ok(format::format(&emit::file(api, root)?))
}

/// The file in pieces of about `piece_units` units on `threads` threads; `None` if a piece's
/// text had an unexpected shape.
fn render_in_pieces(
    api: &model::Api,
    root: emit::Root,
    threads: usize,
    piece_units: usize,
) -> Result<Option<String>, syn::Error> {
    let sections = emit::sections(api);
    let mut pieces = Vec::new();
    for (index, section) in sections.iter().enumerate() {
        let count = section
            .units
            .div_ceil(piece_units)
            .max(threads * 2)
            .min(section.units)
            .max(1);
        for piece in 0..count {
            let start = section.units * piece / count;
            let end = section.units * (piece + 1) / count;
            pieces.push((index, start..end, piece == 0, piece + 1 == count));
        }
    }
    let piece_text = |(section, units, first, last): &(usize, Range<usize>, bool, bool)| {
        let file = emit::section_file(api, root, *section, units.clone())?;
        Ok::<_, syn::Error>(format::format_piece(
            &file,
            sections[*section].block,
            *first,
            *last,
        ))
    };
    // This thread has the pipeline's large stack too.
    let texts = on_threads(&pieces, threads.saturating_sub(1), piece_text, piece_text);
    let mut code = format!("{}\n", format::HEADER);
    for text in texts {
        let Some(text) = text? else {
            return Ok(None);
        };
        code.push_str(&text);
    }
    Ok(Some(code))
}

/// The stack of every thread the pipeline runs on: large enough for the deepest document the
/// parsers accept.
pub(crate) const STACK: usize = 256 << 20;

/// Runs `here` on this thread and `beside` on a second one with the pipeline's stack, and
/// returns both results; without a second thread, both run here. A panic beside goes on here.
pub(crate) fn here_and_beside<A, B: Send>(
    here: impl FnOnce() -> A,
    beside: impl Fn() -> B + Sync,
) -> (A, B) {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(scope, &beside);
        let here = here();
        let beside = match thread {
            Ok(thread) => match thread.join() {
                Ok(beside) => beside,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(_) => beside(),
        };
        (here, beside)
    })
}

/// Runs `work` on a thread with a stack large enough for the deepest document the parsers
/// accept (they stop at 128 levels), so that no spec can overflow the caller's stack. The memory
/// is reserved, not used, until the work needs it.
fn with_large_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name("generator".to_owned())
            .stack_size(STACK)
            .spawn_scoped(scope, work)
        {
            Ok(thread) => match thread.join() {
                Ok(value) => value,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(error) => panic!("cannot start the generator's thread: {error}"),
        }
    })
}

/// Checks one spec without generating: loads and lowers it and reports every problem.
pub fn check(source: SpecSource) -> Report {
    with_large_stack(|| check_here(source))
}

fn check_here(source: SpecSource) -> Report {
    let mut diagnostics = Vec::new();
    if let Some(spec) = load::load_from(
        &source.text,
        source.format,
        source.path.as_deref(),
        &mut diagnostics,
    ) {
        lower::lower(&spec, &source.module, &source.name, &mut diagnostics);
    }
    let mut report = Report {
        file: source.name,
        source: source.text,
        diagnostics,
    };
    locate(&mut report);
    report
}

/// A self-contained crate for one spec: its files, by path relative to the crate's folder.
#[derive(Debug, Clone)]
pub struct StandaloneCrate {
    /// `Cargo.toml`, `src/lib.rs` and `src/runtime/`; empty when the spec has errors.
    pub files: Vec<(PathBuf, String)>,
    /// Problems found in the spec.
    pub report: Report,
}

impl StandaloneCrate {
    /// Writes the crate's files under `dir`, leaving unchanged files untouched.
    pub fn write_to(&self, dir: &Path) -> io::Result<()> {
        for (path, contents) in &self.files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            write_if_changed(&path, contents)?;
        }
        Ok(())
    }
}

/// Generates a standalone crate from one spec, named `crate_name` or after the spec's file.
/// The crate depends only on published crates.
pub fn generate_crate(spec: &Path, crate_name: Option<&str>) -> io::Result<StandaloneCrate> {
    let text = fs::read_to_string(spec)?;
    let stem = spec
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let crate_name = crate_name.map_or_else(|| package_name(&stem), str::to_owned);
    let source = SpecSource {
        name: spec
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        module: ident::snake(&crate_name)
            .trim_start_matches("r#")
            .to_owned(),
        format: format_of(spec).unwrap_or(Format::Yaml),
        text,
        path: Some(spec.to_path_buf()),
    };
    let (generated, report, _) = run_pipeline(&source, emit::Root::Crate);
    let files = match generated {
        Some((api, lib)) => {
            let mut files = vec![
                (
                    PathBuf::from("Cargo.toml"),
                    crate_manifest(&crate_name, &api),
                ),
                (PathBuf::from("src/lib.rs"), lib),
            ];
            files.extend(RUNTIME_FILES.iter().map(|(name, source)| {
                (
                    Path::new("src/runtime").join(name),
                    format!("{}\n{source}", format::HEADER),
                )
            }));
            files
        }
        None => Vec::new(),
    };
    Ok(StandaloneCrate { files, report })
}

/// A valid package name from a file stem: `Commerce Layer v2` becomes `commerce-layer-v2`.
fn package_name(stem: &str) -> String {
    let name = ident::snake(stem)
        .trim_start_matches("r#")
        .replace('_', "-");
    let name = name.trim_matches('-');
    if name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name.to_owned()
    } else {
        format!("api-{name}")
    }
}

fn crate_manifest(crate_name: &str, api: &model::Api) -> String {
    let description = format!(
        "Typed client for {}, generated from {}",
        api.title, api.source_name
    )
    .replace(['"', '\\', '\n'], " ");
    format!(
        "# @generated by the `generator` crate from an OpenAPI document.\n\
         [package]\n\
         name = \"{crate_name}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2024\"\n\
         description = \"{description}\"\n\
         \n\
         [dependencies]\n\
         {RUNTIME_DEPENDENCIES}\n\
         # A crate of its own, even when generated inside another workspace.\n\
         [workspace]\n"
    )
}

/// The outcome of the pipeline on one spec: the model and code when it generated, its
/// problems, and the other files it references.
type PipelineOutcome = (Option<(model::Api, String)>, Report, Vec<PathBuf>);

/// Runs the pipeline on every spec, several at once on as many threads as the machine has,
/// and gives the outcomes in the order of `sources`.
fn run_pipelines(sources: &[SpecSource]) -> Vec<PipelineOutcome> {
    let threads = parallelism().min(sources.len());
    if threads < 2 {
        return sources
            .iter()
            .map(|source| run_pipeline(source, emit::Root::Module))
            .collect();
    }
    on_threads(
        sources,
        threads - 1,
        |source| run_pipeline_here(source, emit::Root::Module),
        // This thread's stack may be small; `run_pipeline` starts one of the large ones.
        |source| run_pipeline(source, emit::Root::Module),
    )
}

/// `work` on every item, on `workers` threads with the pipeline's large stack and on this
/// thread, which runs `here` instead; each takes the next item as it finishes one. The results
/// come in the order of `items`.
fn on_threads<T: Sync, R: Send>(
    items: &[T],
    workers: usize,
    work: impl Fn(&T) -> R + Sync,
    here: impl Fn(&T) -> R,
) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    // The index of each result goes with it, since the threads interleave.
    let take = |run: &dyn Fn(&T) -> R| {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                return done;
            };
            done.push((index, run(item)));
        }
    };
    let mut results: Vec<Option<R>> = items.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let threads: Vec<_> = (0..workers)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(scope, || take(&work))
                    .ok()
            })
            .collect();
        // A worker that could not start leaves more for the others.
        let mut done = take(&here);
        for thread in threads {
            match thread.join() {
                Ok(more) => done.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        for (index, result) in done {
            results[index] = Some(result);
        }
    });
    // Every item was taken by some thread, this one last of all.
    results.into_iter().flatten().collect()
}

/// Runs the pipeline on one spec, emitting the kind of file `root` says.
fn run_pipeline(source: &SpecSource, root: emit::Root) -> PipelineOutcome {
    with_large_stack(|| run_pipeline_here(source, root))
}

fn run_pipeline_here(source: &SpecSource, root: emit::Root) -> PipelineOutcome {
    let mut diagnostics = Vec::new();
    let loaded = load::load_from(
        &source.text,
        source.format,
        source.path.as_deref(),
        &mut diagnostics,
    );
    let Some(spec) = loaded else {
        return (None, located_report(source, diagnostics), Vec::new());
    };
    let files = spec.files.clone();
    let api = lower::lower(&spec, &source.module, &source.name, &mut diagnostics);
    if diagnostics
        .iter()
        .any(|d| d.severity == diagnostics::Severity::Error)
    {
        return (None, located_report(source, diagnostics), files);
    }
    // Rendering is all that is left to do with the model; locating the diagnostics in the
    // text happens beside it, on a thread of its own.
    let (rendered, mut report) = here_and_beside(
        || render(&api, root, parallelism(), PARALLEL_UNITS),
        || located_report(source, diagnostics.clone()),
    );
    free_aside(spec);
    match rendered {
        Ok(code) => (Some((api, code)), report, files),
        Err(error) => {
            report.diagnostics.push(
                Diagnostic::error(
                    "#",
                    format!("internal error: the generated code does not parse: {error}"),
                )
                .with_hint("please report this with the spec that caused it"),
            );
            locate(&mut report);
            (None, report, files)
        }
    }
}

/// Frees `value` on a thread that nothing waits for. A large document's or model's millions of
/// allocations take longer to free than anything left to do, and a process that exits first
/// leaves them to the system; freed where they are, they would hold up the stage after.
pub(crate) fn free_aside<T: Send + 'static>(value: T) {
    // A thread that cannot start drops the value here, with the closure.
    let _ = std::thread::Builder::new()
        .name("generator-free".to_owned())
        .spawn(move || drop(value));
}

/// The report of `source`'s diagnostics, each located in its text.
fn located_report(source: &SpecSource, diagnostics: Vec<Diagnostic>) -> Report {
    let mut report = Report {
        file: source.name.clone(),
        source: source.text.clone(),
        diagnostics,
    };
    locate(&mut report);
    report
}

/// Fills in where each diagnostic is in the text. Scans the text a second time, so only done
/// for specs that have something to report, and records only the elements reported on.
fn locate(report: &mut Report) {
    if report.diagnostics.iter().all(|d| d.location.is_some()) {
        return;
    }
    let pointers = report
        .diagnostics
        .iter()
        .filter(|d| d.location.is_none())
        .filter_map(|d| d.pointer.as_deref());
    let locator = Locator::for_pointers(&report.source, pointers);
    for diagnostic in &mut report.diagnostics {
        if diagnostic.location.is_none()
            && let Some(pointer) = &diagnostic.pointer
        {
            diagnostic.location = locator.locate(&report.source, pointer);
        }
    }
}

/// Every seed spec, fixture and vendor document (those where `../shared` is beside the
/// repository), with its format: what the tests that hold two routes to one result run over.
#[cfg(test)]
pub(crate) fn test_documents() -> Vec<(PathBuf, Format)> {
    fn walk(dir: &Path, found: &mut Vec<(PathBuf, Format)>) {
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if let Some(format) = format_of(&path) {
                found.push((path, format));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    for dir in ["specs", "tests/fixtures", "../shared/vendor-specs"] {
        walk(&root.join(dir), &mut found);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every seed spec and fixture, cut into pieces of as few as one unit and formatted on
    /// several threads, gives exactly the text of formatting it whole.
    #[test]
    fn pieces_formatted_on_threads_concatenate_into_the_whole_file() {
        let mut specs = spec_files(Path::new("../specs")).expect("the seed specs");
        specs.extend(spec_files(Path::new("../tests/fixtures")).expect("the fixtures"));
        assert!(specs.len() > 10, "{specs:?}");
        for path in specs {
            let text = fs::read_to_string(&path).expect("a readable spec");
            let format = format_of(&path).unwrap_or(Format::Yaml);
            let spec = load::load_from(&text, format, Some(&path), &mut Vec::new())
                .expect("the spec loads");
            let api = lower::lower(&spec, "api", "api.yaml", &mut Vec::new());
            for root in [emit::Root::Module, emit::Root::Crate] {
                let whole = render(&api, root, 1, usize::MAX).expect("the file formats");
                for (threads, piece_units) in [(2, 1), (2, PIECE_UNITS), (3, 4)] {
                    let pieces = render_in_pieces(&api, root, threads, piece_units)
                        .expect("the pieces format");
                    assert!(
                        pieces.as_ref() == Some(&whole),
                        "{} ({root:?}, {threads} threads, pieces of {piece_units})",
                        path.display()
                    );
                }
            }
        }
    }
}
