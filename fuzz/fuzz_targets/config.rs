//! `plansite.toml` on any bytes: read, its theme rules compiled and its base
//! URL parsed, or refused with a message; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plansite::config;
use plansite::model::themes::ThemeRules;
use plansite::render::urls::Urls;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(config) = config::parse(text) else {
        return;
    };
    // The built-in rules are the same on every run: compiled only with the site's own.
    if !config.themes.is_empty() {
        let _ = ThemeRules::new(&config.themes);
    }
    let _ = Urls::new(config.base_url.get_ref());
});
