//! `voc init DIR`: a starter config, the Korean e-commerce taxonomy, the presets to copy from,
//! and a notes folder.

use anyhow::Result;

use crate::cli::InitArgs;
use crate::config::PRESETS;
use crate::deliver::files::write_atomic;
use crate::error;

const STARTER_CONFIG: &str = include_str!("../../config/starter.yaml");
const TAXONOMY: &str = include_str!("../../config/taxonomy.yaml");
// the sample shop: the bundled fixtures' November, as the starter config maps them
const SAMPLE_CONVERSATIONS: &str = include_str!("../../fixtures/cs/conversations-2026-11.csv");
const SAMPLE_ORDERS: &str = include_str!("../../fixtures/sales/orders-2026-11.csv");
const SAMPLE_PRODUCTS: &str = include_str!("../../fixtures/products.csv");
const SAMPLE_RETURNS: &str = include_str!("../../fixtures/sales/returns.csv");

pub fn run(args: &InitArgs) -> Result<i32> {
    let dir = &args.dir;
    let mut files: Vec<(std::path::PathBuf, String)> =
        vec![(dir.join("voc.yaml"), STARTER_CONFIG.into()), (dir.join("taxonomy.yaml"), TAXONOMY.into())];
    for (name, text) in PRESETS {
        files.push((dir.join("presets").join(format!("{name}.yaml")), text.to_string()));
    }
    files.push((
        dir.join("notes").join("README.md"),
        "Put notes/<period-id>.md here (e.g. 2026-W46.md): it becomes the report's notes / 업계 동향 section.\n".into(),
    ));
    if args.sample {
        for (name, text) in [
            ("conversations-2026-11.csv", SAMPLE_CONVERSATIONS),
            ("orders-2026-11.csv", SAMPLE_ORDERS),
            ("products.csv", SAMPLE_PRODUCTS),
            ("returns.csv", SAMPLE_RETURNS),
        ] {
            files.push((dir.join("exports").join(name), text.into()));
        }
    }
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
    if args.sample {
        outln!("with a sample shop's November 2026 under {}/exports/; its first report:", dir.display());
        outln!("  cd {} && voc report --week 2026-W46", dir.display());
    } else {
        outln!("next: put your exports under {}/exports/, edit voc.yaml's columns, then run", dir.display());
        outln!("  cd {} && voc validate", dir.display());
    }
    Ok(0)
}
