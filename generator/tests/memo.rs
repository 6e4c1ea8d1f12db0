//! The memo of formatted pieces, through the public API the build script uses: a large API
//! generates the same code with and without it, before and after a change to its spec.

use std::fs;

use generator::{generate_dir, generate_dir_with_memo};

/// A spec of `operations` operations, each with a response type of its own: over the 400
/// operations and types from which files are formatted in pieces, and so memoised.
fn spec(operations: usize, description: &str) -> String {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: Memo, version: '1'}\npaths:\n");
    for index in 0..operations {
        text.push_str(&format!(
            "  /items{index}:\n    get:\n      operationId: getItem{index}\n      \
             description: {description}\n      responses:\n        '200':\n          \
             description: ok\n          content:\n            application/json:\n              \
             schema: {{$ref: '#/components/schemas/Item{index}'}}\n"
        ));
    }
    text.push_str("components:\n  schemas:\n");
    for index in 0..operations {
        text.push_str(&format!(
            "    Item{index}:\n      type: object\n      properties:\n        \
             id{index}: {{type: integer}}\n"
        ));
    }
    text
}

#[test]
fn a_memo_changes_no_code_and_is_kept_between_runs() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let specs = dir.path().join("specs");
    let memo = dir.path().join("memo");
    fs::create_dir_all(&specs).expect("specs folder");
    let generated = |with_memo: bool| {
        let generated = if with_memo {
            generate_dir_with_memo(&specs, "generated", Some(&memo))
        } else {
            generate_dir(&specs, "generated")
        }
        .expect("the specs are readable");
        assert!(!generated.has_errors(), "{:?}", generated.reports);
        generated.modules
    };

    fs::write(specs.join("big.yaml"), spec(250, "Gets an item.")).expect("writes the spec");
    let plain = generated(false);
    assert_eq!(generated(true), plain, "first run, memo written");
    let memo_file = memo.join("big.memo");
    let written = fs::read(&memo_file).expect("the memo is written");
    assert_eq!(generated(true), plain, "second run, memo read");

    fs::write(specs.join("big.yaml"), spec(250, "Gets one item.")).expect("changes the spec");
    let changed = generated(false);
    assert_ne!(changed, plain);
    assert_eq!(generated(true), changed, "after a change, memo read");
    assert_ne!(
        fs::read(&memo_file).expect("the memo"),
        written,
        "the memo follows the spec"
    );
}
