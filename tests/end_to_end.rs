//! End to end, through cargo: a spec added to `specs/` becomes a client with nothing else to
//! do, and generated code compiles without a warning.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const PETSTORE: &str = include_str!("fixtures/petstore.yaml");

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create a folder in the copy");
    for entry in fs::read_dir(from).expect("read a folder of the workspace") {
        let entry = entry.expect("read a folder entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

#[test]
fn a_new_spec_in_a_copy_of_specs_generates_a_new_module() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(Path::new("specs"), dir.path());
    fs::write(dir.path().join("petstore.yaml"), PETSTORE).expect("write the new spec");

    let generated = generator::generate_dir(dir.path(), "generated").expect("the copy is readable");
    assert!(!generated.has_errors());
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
            "cribl",
            "petstore"
        ]
    );
    let petstore = &generated.modules[5].code;
    assert!(petstore.contains("pub struct Client"));
    assert!(petstore.contains("pub fn show_pet_by_id("));
    assert!(petstore.contains("pub struct ShowPetByIdRequest"));
    assert!(generated.out_dir_modules.contains("pub mod petstore"));
}

/// The workspace copied without its tests, examples and build output, with a consumer crate
/// root that uses the new client. `benches` comes along because the manifest names its files.
fn workspace_copy_with_petstore(root: &Path) {
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        fs::copy(file, root.join(file)).expect("copy a workspace file");
    }
    for folder in ["generator", "generated", "specs", "benches"] {
        copy_dir(Path::new(folder), &root.join(folder));
    }
    fs::write(root.join("specs/petstore.yaml"), PETSTORE).expect("write the new spec");
    fs::create_dir_all(root.join("src")).expect("create src");
    fs::write(
        root.join("src/lib.rs"),
        r#"//! A downstream crate using the client generated from specs/petstore.yaml.

use generated::petstore::{Client, Server, ShowPetByIdError, ShowPetByIdRequest};
use generated::petstore::types::Pet;
use generated::runtime::Error;

/// Fetches pet 7's name and tag.
pub async fn pet_seven() -> Result<Pet, Error<ShowPetByIdError>> {
    let client = Client::new(Server::default()).with_bearer_token("token");
    client
        .show_pet_by_id(&ShowPetByIdRequest {
            pet_id: 7,
            fields: Some(vec!["name".to_owned(), "tag".to_owned()]),
        })
        .await
}
"#,
    )
    .expect("write the consumer");
}

/// A build folder that outlives the test, so that dependencies compile once per machine.
fn shared_target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("new-spec-build")
}

fn cargo_build(root: &Path, target: &Path) -> (bool, String) {
    cargo(
        root,
        target,
        &["build", "--offline", "--lib", "-v", "-p", "openapi-clients"],
    )
}

fn cargo(root: &Path, target: &Path, args: &[&str]) -> (bool, String) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("run cargo");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    (output.status.success(), text)
}

#[test]
fn cargo_build_alone_turns_a_new_spec_into_a_usable_client() {
    let copy = tempfile::tempdir().expect("a temporary folder");
    workspace_copy_with_petstore(copy.path());
    let target = shared_target();

    let (built, log) = cargo_build(copy.path(), &target);
    assert!(built, "the consumer of the new client builds:\n{log}");

    let (built, log) = cargo_build(copy.path(), &target);
    assert!(built, "{log}");
    assert!(
        log.contains("Fresh generated"),
        "nothing changed, nothing regenerates:\n{log}"
    );

    // A spec that references a file outside `specs/`: a change there regenerates too.
    let shared = copy.path().join("shared");
    fs::create_dir_all(&shared).expect("create shared/");
    let common = shared.join("common.yaml");
    fs::write(
        &common,
        "Note: {type: object, properties: {text: {type: string}}}\n",
    )
    .expect("write the shared file");
    fs::write(
        copy.path().join("specs/notes.yaml"),
        "openapi: 3.0.3\ninfo: {title: Notes, version: '1'}\nservers: [{url: 'https://notes.example.com'}]\npaths:\n  /notes:\n    get:\n      operationId: listNotes\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '../shared/common.yaml#/Note'}\n",
    )
    .expect("write the referencing spec");
    let (built, log) = cargo_build(copy.path(), &target);
    assert!(built, "{log}");
    fs::write(
        &common,
        "Note: {type: object, properties: {text: {type: string}, author: {type: string}}}\n",
    )
    .expect("change the shared file");
    let (built, log) = cargo_build(copy.path(), &target);
    assert!(built, "{log}");
    assert!(
        !log.contains("Fresh generated"),
        "a referenced file changed, the client regenerates:\n{log}"
    );

    fs::write(
        copy.path().join("specs/broken.yaml"),
        "openapi: 3.0.3\ninfo: {title: Broken, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Missing'\n",
    )
    .expect("write a broken spec");
    let (built, log) = cargo_build(copy.path(), &target);
    assert!(!built, "a broken spec fails the build");
    assert!(
        log.contains("reference `#/components/schemas/Missing` points at nothing"),
        "{log}"
    );
    assert!(
        log.contains("specs/broken.yaml:12:17"),
        "the message is located:\n{log}"
    );
}

/// The specs of `specs/`, the fixtures, and the real vendor documents in the folder that
/// `VENDOR_SPECS` names (CI sets it), compiled into one `generated` crate with every clippy
/// warning denied.
#[test]
fn generated_code_compiles_without_warnings() {
    let copy = tempfile::tempdir().expect("a temporary folder");
    let root = copy.path();
    workspace_copy_with_petstore(root);
    for fixture in generator::spec_files(Path::new("tests/fixtures")).expect("fixtures") {
        let name = fixture.file_name().expect("a file name");
        fs::copy(&fixture, root.join("specs").join(name)).expect("copy a fixture");
    }
    // The files fixtures reference live in subfolders, which are not specs themselves.
    for entry in fs::read_dir("tests/fixtures").expect("fixtures").flatten() {
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &root.join("specs").join(entry.file_name()));
        }
    }
    let mut vendor_count = 0;
    match std::env::var_os("VENDOR_SPECS").map(PathBuf::from) {
        Some(dir) if dir.is_dir() => {
            for vendor in fs::read_dir(&dir).expect("read the vendor specs").flatten() {
                let Ok(files) = generator::spec_files(&vendor.path()) else {
                    continue;
                };
                for file in files {
                    let name = format!(
                        "vendor_{}_{}",
                        vendor.file_name().to_string_lossy(),
                        file.file_name()
                            .map(|n| n.to_string_lossy())
                            .unwrap_or_default()
                    );
                    fs::copy(&file, root.join("specs").join(name)).expect("copy a vendor spec");
                    vendor_count += 1;
                }
            }
        }
        _ => eprintln!(
            "skipped: the real vendor documents (set VENDOR_SPECS to ../shared/vendor-specs to include them)"
        ),
    }
    eprintln!("compiling the seed specs, the fixtures and {vendor_count} vendor documents");

    let (clean, log) = cargo(
        root,
        &shared_target(),
        &[
            "clippy",
            "--offline",
            "-p",
            "generated",
            "--",
            "-D",
            "warnings",
        ],
    );
    assert!(clean, "generated code compiles without warnings:\n{log}");
}

/// `generator crate` output builds on its own, depending only on published crates.
#[test]
fn a_standalone_crate_builds_on_its_own() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let generated = generator::generate_crate(Path::new("specs/commerce_layer.yaml"), None)
        .expect("the spec is readable");
    assert!(!generated.report.has_errors());
    generated.write_to(dir.path()).expect("write the crate");
    let manifest = fs::read_to_string(dir.path().join("Cargo.toml")).expect("a manifest");
    assert!(manifest.contains("name = \"commerce-layer\""), "{manifest}");
    assert!(
        !manifest.contains("path ="),
        "only published crates: {manifest}"
    );
    // Every file of the runtime folder, verbatim: a file added there but not listed in
    // `RUNTIME_FILES` would be missing from standalone crates.
    let mut runtime_files: Vec<String> = fs::read_dir("generator/runtime")
        .expect("the runtime folder")
        .map(|entry| {
            entry
                .expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".rs"))
        .collect();
    runtime_files.sort();
    let mut listed: Vec<&str> = generator::RUNTIME_FILES
        .iter()
        .map(|(name, _)| *name)
        .collect();
    listed.sort_unstable();
    assert_eq!(runtime_files, listed);
    for (name, source) in generator::RUNTIME_FILES {
        assert_eq!(
            fs::read_to_string(dir.path().join("src/runtime").join(name)).expect("the runtime"),
            format!("{}\n{source}", generator::format::HEADER)
        );
    }
    // The workspace's lock file pins the same versions, so the build needs no network.
    fs::copy("Cargo.lock", dir.path().join("Cargo.lock")).expect("copy the lock file");
    let (clean, log) = cargo(
        dir.path(),
        &shared_target(),
        &["clippy", "--offline", "--", "-D", "warnings"],
    );
    assert!(
        clean,
        "the standalone crate compiles without warnings:\n{log}"
    );
}

/// Fixtures whose generated code is exercised: the test in `tests/round_trip/` of the same name
/// runs inside the fixture's standalone crate, with tokio and wiremock as dev-dependencies (the
/// workspace's lock file has them) for those that call a local server.
const ROUND_TRIPS: &[(&str, &str)] = &[
    ("deprecated", include_str!("round_trip/deprecated.rs")),
    ("defaults", include_str!("round_trip/defaults.rs")),
    ("external_refs", include_str!("round_trip/external_refs.rs")),
    ("discriminated", include_str!("round_trip/discriminated.rs")),
    ("polymorphism", include_str!("round_trip/polymorphism.rs")),
    ("int_enums", include_str!("round_trip/int_enums.rs")),
    (
        "request_bodies",
        include_str!("round_trip/request_bodies.rs"),
    ),
    ("form_encoding", include_str!("round_trip/form_encoding.rs")),
    ("parameters", include_str!("round_trip/parameters.rs")),
    (
        "success_responses",
        include_str!("round_trip/success_responses.rs"),
    ),
];

const ROUND_TRIP_DEV_DEPENDENCIES: &str = "
[dev-dependencies]
tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }
wiremock = \"0.6\"
";

/// Discriminated unions and integer enums decode realistic payloads, unknown tags and values
/// included, and encode them back unchanged; generated methods send form, multipart, text,
/// `deepObject` and cookie values byte for byte, and decode each success status into its
/// variant.
#[test]
fn fixture_types_decode_and_encode_json() {
    for (fixture, test) in ROUND_TRIPS {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let spec = Path::new("tests/fixtures").join(format!("{fixture}.yaml"));
        let generated = generator::generate_crate(&spec, None).expect("the fixture is readable");
        assert!(!generated.report.has_errors(), "{fixture} generates");
        generated.write_to(dir.path()).expect("write the crate");
        let manifest_path = dir.path().join("Cargo.toml");
        let manifest = fs::read_to_string(&manifest_path).expect("the manifest");
        fs::write(&manifest_path, manifest + ROUND_TRIP_DEV_DEPENDENCIES)
            .expect("add the dev-dependencies");
        fs::create_dir_all(dir.path().join("tests")).expect("create tests");
        fs::write(dir.path().join("tests/round_trip.rs"), test).expect("write the test");
        fs::copy("Cargo.lock", dir.path().join("Cargo.lock")).expect("copy the lock file");
        let (passed, log) = cargo(
            dir.path(),
            &shared_target(),
            &["test", "--offline", "--test", "round_trip"],
        );
        assert!(passed, "the {fixture} round trip passes:\n{log}");
    }
}

#[test]
fn the_generated_crate_depends_on_what_standalone_crates_get() {
    let manifest = fs::read_to_string("generated/Cargo.toml").expect("the manifest");
    assert!(
        manifest.contains(generator::RUNTIME_DEPENDENCIES),
        "generated/Cargo.toml lists generator/runtime/dependencies.toml verbatim"
    );
}
