//! The language of what people read (SPEC §5b): `next_step`, `action`, what a claim lacks, the
//! HTML pages, the reasons a file is parked, the details of findings, command messages and
//! errors. The texts are Fluent messages in `lang/en.ftl` and `lang/fr.ftl`, built into the
//! binary; a message missing from French falls back to English, so a gap shows as English,
//! never as an empty cell. Codes of the contract (outcomes, findings, actions, columns) never
//! pass through here.
//!
//! A text made where the language is not known (a reader process's reason, an error deep in
//! the store) is a [`Text`]: its message and arguments, rendered where it is read. Displayed,
//! it speaks the language of the process, which opening a workspace sets from its `[ui]
//! language` (else the locale), as a C program's messages follow its `setlocale`.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

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

    /// The language this process speaks: the last workspace opened decided it, else the
    /// environment.
    pub fn current() -> Lang {
        match SPOKEN.load(Ordering::Relaxed) {
            1 => Lang::En,
            2 => Lang::Fr,
            _ => Lang::from_environment(),
        }
    }

    /// Makes `self` the language of this process's messages.
    pub fn speak(self) {
        let code = match self {
            Lang::En => 1,
            Lang::Fr => 2,
        };
        SPOKEN.store(code, Ordering::Relaxed);
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

/// The language of this process: 0 until a workspace is opened.
static SPOKEN: AtomicU8 = AtomicU8::new(0);

/// An argument of a [`Text`]: numbers stay numbers, so that plurals can be chosen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Arg {
    Number(i64),
    Words(String),
    /// A text inside a text ("register refused: <why>"), rendered in the same language.
    Text(Box<Text>),
    /// Texts joined with `; `, as lists are in the reports.
    List(Vec<Text>),
}

macro_rules! arg_from {
    ($($number:ty),*) => {$(
        impl From<$number> for Arg {
            fn from(n: $number) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
arg_from!(i64, u64, u32, usize);

impl From<Text> for Arg {
    fn from(text: Text) -> Arg {
        Arg::Text(Box::new(text))
    }
}

impl From<String> for Arg {
    fn from(words: String) -> Arg {
        Arg::Words(words)
    }
}

impl From<&str> for Arg {
    fn from(words: &str) -> Arg {
        Arg::Words(words.to_string())
    }
}

impl From<&String> for Arg {
    fn from(words: &String) -> Arg {
        Arg::Words(words.clone())
    }
}

/// A text for a person, not yet in a language: a message of the `.ftl` files and its
/// arguments. It crosses process boundaries as data (a reader's reason) and is rendered by
/// whoever shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Text {
    id: String,
    args: Vec<(String, Arg)>,
}

impl Text {
    pub fn new(id: &str) -> Text {
        Text {
            id: id.to_string(),
            args: Vec::new(),
        }
    }

    /// The same text with the argument `name` set.
    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Text {
        self.args.push((name.to_string(), value.into()));
        self
    }

    /// The message id, for tests and logs that compare texts whatever the language.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<(&str, FluentValue)> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Words(words) => FluentValue::from(words.as_str()),
                    Arg::Text(text) => FluentValue::from(text.render(lang)),
                    Arg::List(texts) => FluentValue::from(
                        texts
                            .iter()
                            .map(|text| text.render(lang))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                };
                (name.as_str(), value)
            })
            .collect();
        lang.text(&self.id, &args)
    }
}

/// Shown, a text speaks the language of the process ([`Lang::current`]).
impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::current()))
    }
}

/// `text!("claim-missing", claim = id)`: a [`Text`] with its arguments named as in the
/// `.ftl` files.
#[macro_export]
macro_rules! text {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::lang::Text::new($id)$(.with(stringify!($name), $value))*
    };
}

/// `said!("claim-missing", claim = id)`: an `anyhow` error whose message is a [`Text`].
#[macro_export]
macro_rules! said {
    ($($text:tt)+) => {
        anyhow::Error::msg($crate::text!($($text)+))
    };
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

    /// Each message with the arguments it names, e.g. `reason-too-large` -> {bytes, limit}.
    fn arguments(source: &str) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut found: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        let mut current = None;
        for line in source.lines() {
            if let Some(first) = line.chars().next() {
                current = (first.is_ascii_lowercase())
                    .then(|| line.split_once(" =").map(|(id, _)| id.trim().to_string()))
                    .flatten()
                    .or(if first == ' ' { current } else { None });
            }
            let Some(id) = &current else { continue };
            let names = found.entry(id.clone()).or_default();
            for piece in line.split('$').skip(1) {
                let name: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        found
    }

    #[test]
    fn french_asks_for_no_argument_english_does_not_give() {
        // The code passes the arguments the English message names; a French message that
        // needs another would show `{$name}` to a French reader.
        let english = arguments(ENGLISH);
        for (id, names) in arguments(FRENCH) {
            let given = english.get(&id).cloned().unwrap_or_default();
            for name in names {
                assert!(
                    given.contains(&name),
                    "{id}: French uses ${name}, English does not"
                );
            }
        }
    }

    #[test]
    fn every_message_the_code_names_is_in_both_files() {
        let english = ids(ENGLISH);
        let french = ids(FRENCH);
        let mut named = Vec::new();
        let source = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        for entry in walkdir::WalkDir::new(source).into_iter().flatten() {
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let code = std::fs::read_to_string(entry.path()).unwrap();
            for macro_name in ["text!(", "said!("] {
                for piece in code.split(macro_name).skip(1) {
                    let piece = piece.trim_start();
                    if let Some(rest) = piece.strip_prefix('"') {
                        let id = rest.split('"').next().unwrap_or_default();
                        // This test's own `"text!("` is no message.
                        let is_id = id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                        if !id.is_empty() && is_id {
                            named.push(id.to_string());
                        }
                    }
                }
            }
        }
        // Ids made from codes.
        for code in crate::domain::FindingCode::ALL {
            named.push(format!("meaning-{}", code.as_str()));
            named.push(format!("lack-{}", code.as_str()));
        }
        for kind in ["invoice", "csr", "proof", "metrics", "register"] {
            named.push(format!("kind-{kind}"));
        }
        assert!(named.len() > 150, "{}", named.len());
        for id in &named {
            assert!(english.contains(id), "{id} is not in en.ftl");
            assert!(french.contains(id), "{id} is not in fr.ftl");
        }
    }

    #[test]
    fn texts_travel_as_data_and_render_in_either_language() {
        let reason = crate::text!(
            "reason-register-refused",
            why = crate::text!("reason-too-large", bytes = 9u64, limit = 4u64)
        );
        let sent = serde_json::to_string(&reason).unwrap();
        let back: Text = serde_json::from_str(&sent).unwrap();
        assert_eq!(back, reason);
        let en = back.render(Lang::En);
        let fr = back.render(Lang::Fr);
        assert_eq!(
            en,
            "register refused: the file is 9 bytes, over limits.max_file_bytes (4)"
        );
        assert!(
            fr.starts_with("registre refusé : le fichier fait 9 octets"),
            "{fr}"
        );
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
