//! The program's business-day calendars, read once at start from a folder of calendar files, one
//! per country named by its ISO 3166-1 alpha-2 code (`CA.toml`, `ke.toml`); each problem of a file
//! stops the start with its file, line and column.

use std::path::Path;

use onramp_core::tracks::{parse_calendar, Calendar, Calendars};

/// Reads every `XX.toml` of `dir`; other files are ignored.
pub fn load(dir: &Path) -> Result<Calendars, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| format!("calendars folder {}: {error}", dir.display()))?;
    let mut calendars = Calendars::new(Calendar::default());
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    for path in paths {
        let (Some(stem), Some("toml")) = (
            path.file_stem().and_then(|stem| stem.to_str()),
            path.extension().and_then(|extension| extension.to_str()),
        ) else {
            continue;
        };
        if stem.len() != 2 || !stem.chars().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("{}: {error}", path.display()))?;
        let calendar = parse_calendar(&text).map_err(|problems| {
            problems
                .iter()
                .map(|problem| format!("{}:{problem}", path.display()))
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        calendars.insert(stem, calendar);
    }
    Ok(calendars)
}
