//! `voc init DIR`: a starter config, the Korean e-commerce taxonomy, the presets to copy from,
//! and a notes folder.

use anyhow::Result;

use crate::cli::InitArgs;
use crate::config::PRESETS;
use crate::deliver::files::write_atomic;
use crate::error;

const STARTER_CONFIG: &str = include_str!("../../config/starter.yaml");
const TAXONOMY: &str = include_str!("../../config/taxonomy.yaml");

pub fn run(args: &InitArgs) -> Result<i32> {
    let dir = &args.dir;
    let mut files: Vec<(std::path::PathBuf, &str)> =
        vec![(dir.join("voc.yaml"), STARTER_CONFIG), (dir.join("taxonomy.yaml"), TAXONOMY)];
    for (name, text) in PRESETS {
        files.push((dir.join("presets").join(format!("{name}.yaml")), text));
    }
    files.push((
        dir.join("notes").join("README.md"),
        "Put notes/<period-id>.md here (e.g. 2026-W46.md): it becomes the report's notes / 업계 동향 section.\n",
    ));
    if !args.force {
        if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
            return Err(error::usage(format!("{} already exists; use --force to overwrite", p.display())));
        }
    }
    for (p, text) in &files {
        write_atomic(p, text.as_bytes())?;
    }
    outln!("wrote a starter config in {}:", dir.display());
    for (p, _) in &files {
        outln!("  {}", p.display());
    }
    outln!("next: put your exports under {}/exports/, edit voc.yaml's columns, then run", dir.display());
    outln!("  voc --config {}/voc.yaml validate", dir.display());
    Ok(0)
}
