//! Compiles the translation catalogues in `locales/` into the typed `i18n` module.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR unset")?).join("i18n");
    // `interpolate_display`: server-side text with values (mail) via `td_string!`.
    let options = ParseOptions::default().interpolate_display(true);
    let infos =
        TranslationsInfos::parse(Config::new("en")?.add_locale("ko")?.parse_options(options))?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
