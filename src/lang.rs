//! The language of what people read (SPEC §5b): `next_step`, `action`, what a claim lacks, the
//! HTML pages. The texts are Fluent messages in `lang/en.ftl` and `lang/fr.ftl`, built into the
//! binary; a message missing from French falls back to English, so a gap shows as English,
//! never as an empty cell. Codes of the contract (outcomes, findings, actions, columns) never
//! pass through here.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

pub use fluent_bundle::FluentValue;

/// A language people read claimdrop in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

const ENGLISH: &str = include_str!("lang/en.ftl");
const FRENCH: &str = include_str!("lang/fr.ftl");

impl Lang {
    /// `[ui] language`, else the locale of the environment.
    pub fn of(settings: &crate::config::Settings) -> Lang {
        settings.ui.language.unwrap_or_else(Lang::from_environment)
    }

    /// The first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set decides, as for any POSIX
    /// program; `fr`, `fr_FR.UTF-8`, `fr_CA` are French, everything else English.
    pub fn from_environment() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .map_or(Lang::En, |value| Lang::of_locale(&value))
    }

    fn of_locale(locale: &str) -> Lang {
        let language = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or_default();
        if language.eq_ignore_ascii_case("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The message `id` with its arguments, in this language.
    pub fn text(self, id: &str, args: &[(&str, FluentValue)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        [self, Lang::En]
            .into_iter()
            .find_map(|lang| format(bundle(lang), id, &fluent_args))
            .unwrap_or_else(|| id.to_string())
    }

    /// A message without arguments.
    pub fn word(self, id: &str) -> String {
        self.text(id, &[])
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

fn format(bundle: &FluentBundle<FluentResource>, id: &str, args: &FluentArgs) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors);
    // A missing argument is a defect of the caller, caught by the tests below; the text
    // still reads, with the argument's name in braces.
    Some(text.into_owned())
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| [load(Lang::En, ENGLISH), load(Lang::Fr, FRENCH)]);
    match lang {
        Lang::En => &bundles[0],
        Lang::Fr => &bundles[1],
    }
}

fn load(lang: Lang, source: &'static str) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Reports and mails are plain text: no Unicode isolation marks around arguments.
    bundle.set_use_isolating(false);
    // The files are ours and checked by the tests below; a broken entry is left out.
    let resource =
        FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
    let _ = bundle.add_resource(resource);
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(source: &str) -> Vec<String> {
        source
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
            .collect()
    }

    #[test]
    fn both_files_parse_and_hold_the_same_messages() {
        for source in [ENGLISH, FRENCH] {
            assert!(FluentResource::try_new(source.to_string()).is_ok());
        }
        let mut english = ids(ENGLISH);
        let mut french = ids(FRENCH);
        english.sort();
        french.sort();
        assert_eq!(english, french);
        assert!(english.len() > 20);
    }

    #[test]
    fn the_locale_decides_unless_configured() {
        assert_eq!(Lang::of_locale("fr_FR.UTF-8"), Lang::Fr);
        assert_eq!(Lang::of_locale("fr"), Lang::Fr);
        assert_eq!(Lang::of_locale("fr_CA@euro"), Lang::Fr);
        assert_eq!(Lang::of_locale("en_GB.UTF-8"), Lang::En);
        assert_eq!(Lang::of_locale("C"), Lang::En);
        assert_eq!(Lang::of_locale("français"), Lang::En);
    }

    #[test]
    fn arguments_and_plurals_are_filled_in() {
        let one = Lang::En.text("html-days-left", &[("days", 1.into())]);
        let many = Lang::Fr.text("html-days-left", &[("days", 12.into())]);
        assert!(one.contains('1') && !one.contains('{'), "{one}");
        assert!(many.contains("12") && !many.contains('{'), "{many}");
        assert_eq!(Lang::Fr.text("no-such-message", &[]), "no-such-message");
    }
}
