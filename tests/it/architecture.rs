//! ARCHITECTURE.md must name every module under src/, so the codemap cannot go stale.

use std::path::Path;

fn modules(dir: &Path, root: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            modules(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            // A folder module is named by its folder ("src/model/"), a file by its path.
            out.push(
                relative
                    .strip_suffix("mod.rs")
                    .map_or(relative.clone(), str::to_owned),
            );
        }
    }
}

#[test]
fn architecture_names_every_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc =
        std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md exists");
    let mut found = Vec::new();
    modules(&root.join("src"), root, &mut found);
    let missing: Vec<&String> = found.iter().filter(|m| !doc.contains(m.as_str())).collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md does not mention: {missing:?}"
    );
}
