//! Time and peak memory of each pipeline stage and of the whole run, on the seed specs, on the
//! largest real vendor document (when `../shared/vendor-specs` is there) and on a synthetic spec
//! of 2,000 operations and 1,000 schemas.
//!
//! `cargo bench -p generator` prints criterion's timings, then a table of peak heap bytes per
//! stage measured with a counting allocator. `parse-floor` is what the performance targets are
//! measured against: the document typed into the openapiv3 model straight from its text, and
//! nothing else.

use std::alloc::{GlobalAlloc, Layout};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};

use criterion::{BenchmarkId, Criterion};
use generator::load::{Format, LoadedSpec, load};
use generator::lower::lower;
use generator::model::Api;
use generator::{SpecSource, emit, format, generate};

/// Counts live heap bytes and their high-water mark, while [`COUNTING`] is on: counters
/// shared by threads that allocate at once would slow the timed runs.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// Delegates to the generator's allocator, as its command line uses, and only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            let size = layout.size() as isize;
            let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(live.max(0) as usize, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is the allocator's.
        unsafe { generator::Allocator.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { generator::Allocator.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak heap bytes used by `work`, counted from zero when it starts; what it frees of memory
/// allocated before it offsets its own allocations.
fn peak_of<T>(work: impl FnOnce() -> T) -> (T, usize) {
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let value = work();
    COUNTING.store(false, Ordering::Relaxed);
    (value, PEAK.load(Ordering::Relaxed))
}

struct Input {
    name: String,
    text: String,
    format: Format,
}

fn inputs() -> Vec<Input> {
    let mut inputs: Vec<Input> = generator::spec_files(Path::new("../specs"))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|path| {
            Some(Input {
                name: path.file_stem()?.to_string_lossy().into_owned(),
                text: std::fs::read_to_string(&path).ok()?,
                format: Format::Yaml,
            })
        })
        .collect();
    match largest_vendor_document() {
        Some(input) => inputs.push(input),
        None => {
            eprintln!("skipped: the largest vendor document (../shared/vendor-specs is absent)")
        }
    }
    // A large public description installed at bench time, such as GitHub's (never committed).
    if let Some(path) = std::env::var_os("BENCH_SPEC").map(std::path::PathBuf::from) {
        match std::fs::read_to_string(&path) {
            Ok(text) => inputs.push(Input {
                name: format!(
                    "extra-{}",
                    path.file_stem().unwrap_or_default().to_string_lossy()
                ),
                format: if path.extension().is_some_and(|ext| ext == "json") {
                    Format::Json
                } else {
                    Format::Yaml
                },
                text,
            }),
            Err(error) => eprintln!("skipped BENCH_SPEC {}: {error}", path.display()),
        }
    }
    inputs.push(Input {
        name: "synthetic-2000-ops".to_owned(),
        text: synthetic_spec(2_000, 1_000),
        format: Format::Json,
    });
    inputs
}

fn largest_vendor_document() -> Option<Input> {
    let dir = Path::new("../../shared/vendor-specs");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .flat_map(|vendor| generator::spec_files(&vendor.path()).unwrap_or_default())
        .collect();
    files.sort_by_key(|path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0));
    let path = files.pop()?;
    let format = if path.extension().is_some_and(|ext| ext == "json") {
        Format::Json
    } else {
        Format::Yaml
    };
    Some(Input {
        name: format!("vendor-{}", path.file_stem()?.to_string_lossy()),
        text: std::fs::read_to_string(&path).ok()?,
        format,
    })
}

/// A spec of `operations` operations over `schemas` object schemas that refer to each other.
fn synthetic_spec(operations: usize, schemas: usize) -> String {
    let mut components = String::new();
    for index in 0..schemas {
        let next = (index + 1) % schemas;
        let _ = write!(
            components,
            r##"{}"Schema{index}": {{"type": "object", "description": "Schema number {index}.", "required": ["id", "name"], "properties": {{
                "id": {{"type": "string", "format": "uuid"}},
                "name": {{"type": "string", "description": "The name."}},
                "count": {{"type": "integer", "format": "int32"}},
                "ratio": {{"type": "number", "nullable": true}},
                "created": {{"type": "string", "format": "date-time"}},
                "state": {{"type": "string", "enum": ["active", "inactive", "deleted"]}},
                "tags": {{"type": "array", "items": {{"type": "string"}}}},
                "next": {{"$ref": "#/components/schemas/Schema{next}"}}
            }}}}"##,
            if index == 0 { "" } else { "," }
        );
    }
    let mut paths = String::new();
    for index in 0..operations / 4 {
        let schema = index % schemas;
        let _ = write!(
            paths,
            r##"{}"/resources{index}/{{id}}": {{
                "parameters": [{{"name": "id", "in": "path", "required": true, "schema": {{"type": "string"}}}}],
                "get": {{"operationId": "get{index}", "summary": "Get one.", "parameters": [{{"name": "fields", "in": "query", "schema": {{"type": "array", "items": {{"type": "string"}}}}, "explode": false}}],
                    "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Schema{schema}"}}}}}}}}, "404": {{"description": "missing"}}}}}},
                "put": {{"operationId": "put{index}", "requestBody": {{"required": true, "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Schema{schema}"}}}}}}}},
                    "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Schema{schema}"}}}}}}}}, "default": {{"description": "error", "content": {{"application/json": {{"schema": {{"type": "object", "properties": {{"message": {{"type": "string"}}}}}}}}}}}}}}}},
                "patch": {{"operationId": "patch{index}", "requestBody": {{"content": {{"application/json": {{"schema": {{"type": "object", "properties": {{"name": {{"type": "string", "nullable": true}}}}}}}}}}}},
                    "responses": {{"204": {{"description": "updated"}}}}}},
                "delete": {{"operationId": "delete{index}", "responses": {{"204": {{"description": "deleted"}}}}}}
            }}"##,
            if index == 0 { "" } else { "," }
        );
    }
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Synthetic", "version": "1"}}, "servers": [{{"url": "https://api.example.com"}}], "paths": {{{paths}}}, "components": {{"schemas": {{{components}}}}}}}"#
    )
}

fn loaded(input: &Input) -> LoadedSpec {
    load(&input.text, input.format, &mut Vec::new())
        .unwrap_or_else(|| panic!("{} loads", input.name))
}

/// The parse floor: openapiv3's model typed from the text by serde_json or serde_yaml alone.
fn parse_floor(input: &Input) -> Option<openapiv3::OpenAPI> {
    match input.format {
        Format::Json => serde_json::from_str(&input.text).ok(),
        Format::Yaml => serde_yaml::from_str(&input.text).ok(),
    }
}

fn lowered(spec: &LoadedSpec) -> Api {
    lower(spec, "api", "api.yaml", &mut Vec::new())
}

fn source(input: &Input) -> SpecSource {
    SpecSource {
        name: input.name.clone(),
        module: "api".to_owned(),
        text: input.text.clone(),
        format: input.format,
        path: None,
    }
}

fn benchmarks(criterion: &mut Criterion, inputs: &[Input]) {
    let mut group = criterion.benchmark_group("pipeline");
    for input in inputs {
        let big = input.text.len() > 100_000;
        group.sample_size(if big { 10 } else { 50 });
        let spec = loaded(input);
        let api = lowered(&spec);
        let file = match emit::module(&api) {
            Ok(file) => file,
            Err(error) => {
                eprintln!("skipping {}: its code does not parse: {error}", input.name);
                continue;
            }
        };
        group.bench_with_input(
            BenchmarkId::new("parse-floor", &input.name),
            input,
            // Parsing alone: the model is freed outside the timed runs.
            |b, input| b.iter_with_large_drop(|| parse_floor(input)),
        );
        group.bench_with_input(BenchmarkId::new("load", &input.name), input, |b, input| {
            b.iter(|| loaded(input))
        });
        group.bench_with_input(BenchmarkId::new("lower", &input.name), &spec, |b, spec| {
            b.iter(|| lowered(spec))
        });
        group.bench_with_input(BenchmarkId::new("emit", &input.name), &api, |b, api| {
            b.iter(|| emit::module(api))
        });
        group.bench_with_input(BenchmarkId::new("format", &input.name), &file, |b, file| {
            b.iter(|| format::format(file))
        });
        group.bench_with_input(
            BenchmarkId::new("end-to-end", &input.name),
            input,
            |b, input| b.iter(|| generate(&[source(input)], "generated")),
        );
    }
    group.finish();
}

fn memory_report(inputs: &[Input]) {
    println!("\npeak heap above baseline, per stage (MiB)");
    println!(
        "{:<28} {:>8} {:>8} {:>8} {:>8} {:>11} {:>9}",
        "input", "load", "lower", "emit", "format", "end-to-end", "lines"
    );
    for input in inputs {
        let (spec, load_peak) = peak_of(|| loaded(input));
        let (api, lower_peak) = peak_of(|| lowered(&spec));
        let (file, emit_peak) = peak_of(|| emit::module(&api));
        let Ok(file) = file else {
            eprintln!("skipping {}: its code does not parse", input.name);
            continue;
        };
        let (code, format_peak) = peak_of(|| format::format(&file));
        drop((spec, api));
        let (_, total_peak) = peak_of(|| generate(&[source(input)], "generated"));
        let mib = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
        println!(
            "{:<28} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>11.1} {:>9}",
            input.name,
            mib(load_peak),
            mib(lower_peak),
            mib(emit_peak),
            mib(format_peak),
            mib(total_peak),
            code.lines().count()
        );
    }
}

fn main() {
    let inputs = inputs();
    let mut criterion = Criterion::default().configure_from_args();
    benchmarks(&mut criterion, &inputs);
    criterion.final_summary();
    memory_report(&inputs);
}
