//! PII and secret detection: emails, phones, cards, IBANs, national numbers, addresses,
//! crypto wallets, API keys and tokens, private keys, `key = value` secrets, and the
//! placeholders this library issues.
//!
//! # How it reads text
//! The text is cut into whitespace-separated tokens. Most entities live inside one token
//! (`jane@corp.com`, `ghp_...`, `192.168.0.1`); a few span several (`4111 1111 1111 1111`,
//! `+44 20 7946 0958`, `password = hunter2...`, a PEM block). The [`PiiScanner`] groups
//! tokens into *regions* by a local rule that looks only at the tokens themselves:
//! digit groups join digit groups, a secret's name joins its `=` and its value, a PEM
//! header joins everything up to its footer. Each region is handed to the candidate
//! patterns and validators of `detect` once it is complete. Because a region's edges
//! depend only on the text, a stream cut anywhere finds the same regions as a one-shot
//! scan; the stream holds back only the open region, usually the current word.
//!
//! Limits (documented, fail-closed): a region of joined tokens is at most
//! [`MAX_REGION`] bytes (a longer run of digit groups is cut there, so an entity
//! straddling the cut is missed); a single token longer than the policy's `maxHoldBytes`
//! is masked as `overlong` by the stream.

pub mod check;
mod detect;

/// Longest run of joined tokens (digit groups, `key = value`) treated as one region.
pub const MAX_REGION: usize = 160;

/// Category numbers at or above this denote PII kinds in a [`crate::keywords::KeywordMatch`]
/// (below it: keyword categories).
pub const PII_BASE: usize = 1 << 20;

macro_rules! kinds {
    ($( $(#[$doc:meta])* $v:ident = $name:literal, $label:literal, $secret:literal, $spec:literal; )*) => {
        /// A kind of personal data or secret.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum PiiKind { $( $(#[$doc])* $v, )* }

        impl PiiKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [PiiKind] = &[ $( PiiKind::$v, )* ];

            /// The name used in policies and findings (`"email"`).
            pub fn name(self) -> &'static str {
                match self { $( PiiKind::$v => $name, )* }
            }

            /// The placeholder label (`EMAIL` in `[EMAIL_1]`).
            pub fn label(self) -> &'static str {
                match self { $( PiiKind::$v => $label, )* }
            }

            /// Whether this is a secret (credential) rather than personal data.
            pub fn is_secret(self) -> bool {
                match self { $( PiiKind::$v => $secret, )* }
            }

            /// Rank among overlapping candidates of one region: higher wins.
            pub(crate) fn specificity(self) -> u8 {
                match self { $( PiiKind::$v => $spec, )* }
            }
        }
    };
}

kinds! {
    /// Email address.
    Email = "email", "EMAIL", false, 60;
    /// Phone number (international, North American, national with trunk 0).
    Phone = "phone", "PHONE", false, 40;
    /// Payment card number (Luhn and issuer ranges).
    CreditCard = "credit_card", "CARD", false, 80;
    /// IBAN (country length and mod-97).
    Iban = "iban", "IBAN", false, 80;
    /// US Social Security number.
    UsSsn = "us_ssn", "SSN", false, 70;
    /// UK National Insurance number.
    UkNino = "uk_nino", "NINO", false, 70;
    /// UK NHS number (mod-11).
    UkNhs = "uk_nhs", "NHS", false, 72;
    /// IPv4 or IPv6 address (with an optional zone and prefix length).
    IpAddress = "ip_address", "IP", false, 50;
    /// MAC address.
    MacAddress = "mac_address", "MAC", false, 55;
    /// URL or bare domain name.
    Url = "url", "URL", false, 30;
    /// Bitcoin (base58check, bech32) or Ethereum address.
    Crypto = "crypto", "CRYPTO", false, 75;
    /// AWS access key id (and Bedrock API keys).
    AwsAccessKey = "aws_access_key", "AWS_KEY", true, 90;
    /// AWS secret access key (named as such in a `key = value`).
    AwsSecretKey = "aws_secret_key", "AWS_SECRET", true, 91;
    /// GitHub token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`).
    GithubToken = "github_token", "GITHUB_TOKEN", true, 90;
    /// GitLab token (`glpat-` and the other `gl...-` prefixes).
    GitlabToken = "gitlab_token", "GITLAB_TOKEN", true, 90;
    /// Slack token (`xoxb-`, `xoxp-`, `xapp-`, ...).
    SlackToken = "slack_token", "SLACK_TOKEN", true, 90;
    /// Slack incoming webhook URL.
    SlackWebhook = "slack_webhook", "SLACK_WEBHOOK", true, 92;
    /// Stripe secret or restricted key.
    StripeKey = "stripe_key", "STRIPE_KEY", true, 90;
    /// OpenAI API key.
    OpenaiKey = "openai_key", "OPENAI_KEY", true, 90;
    /// Anthropic API key.
    AnthropicKey = "anthropic_key", "ANTHROPIC_KEY", true, 90;
    /// Google API key (`AIza...`).
    GoogleApiKey = "google_api_key", "GOOGLE_API_KEY", true, 90;
    /// JSON Web Token (and base64-wrapped JWTs).
    Jwt = "jwt", "JWT", true, 89;
    /// PEM private-key block.
    PrivateKey = "private_key", "PRIVATE_KEY", true, 100;
    /// A high-entropy value assigned to a name like `password`, `api_key`, `token`.
    Secret = "secret", "SECRET", true, 85;
    /// A placeholder this library issues (`[EMAIL_1]`), restored or escaped.
    Placeholder = "placeholder", "PLACEHOLDER", false, 120;
}

impl PiiKind {
    /// Looks a kind up by name.
    pub fn parse(name: &str) -> Option<PiiKind> {
        PiiKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The kinds a `pii` rule covers by default (personal data; `url` is opt-in).
    pub fn default_personal() -> impl Iterator<Item = PiiKind> {
        PiiKind::ALL
            .iter()
            .copied()
            .filter(|k| !k.is_secret() && !matches!(k, PiiKind::Url | PiiKind::Placeholder))
    }

    /// The kinds a `secrets` rule covers by default (all secrets).
    pub fn default_secrets() -> impl Iterator<Item = PiiKind> {
        PiiKind::ALL.iter().copied().filter(|k| k.is_secret())
    }
}

/// A set of kinds (bit per kind).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindSet(u64);

impl KindSet {
    /// Adds a kind.
    pub fn insert(&mut self, k: PiiKind) {
        self.0 |= 1 << k as u32;
    }
    /// Whether the set holds `k`.
    pub fn has(self, k: PiiKind) -> bool {
        self.0 & (1 << k as u32) != 0
    }
    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    fn any_secret(self) -> bool {
        PiiKind::default_secrets().any(|k| self.has(k))
    }
}

/// Words seen just before a region (a small window), which some kinds need: a bare
/// ten-digit number is a phone only after "phone", "call", "mobile"...
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ctx(u8);

impl Ctx {
    const PHONE: u8 = 1;
    const NOT_PHONE: u8 = 2;
    const SSN: u8 = 4;
    const VERSION: u8 = 8;
    /// Set on a region, not by a word: a secret's name and `is` start it (`my password is
    /// hunter2`), so the value after `is` is read as assigned.
    pub(crate) const COPULA: u8 = 16;

    fn has(self, f: u8) -> bool {
        self.0 & f != 0
    }

    /// The context flags one word sets.
    fn of_word(w: &[u8]) -> u8 {
        let w = trim_punct(w);
        if w.is_empty() || w.len() > 12 {
            return 0;
        }
        let key = pack_lower(w);
        let mut h = ctx_slot(key);
        loop {
            match CTX_TABLE[h] {
                (0, _) => return 0,
                (k, f) if k == key => return f,
                _ => h = (h + 1) % CTX_TABLE.len(),
            }
        }
    }
}

/// A word of at most 12 ASCII bytes, lower-cased, as one number (its bytes, then its
/// length): equal words, equal numbers.
const fn pack_lower(w: &[u8]) -> u128 {
    let mut k = 0u128;
    let mut i = 0;
    while i < w.len() {
        k = k << 8 | w[i].to_ascii_lowercase() as u128;
        i += 1;
    }
    k << 8 | w.len() as u128
}

/// The home slot of a packed word in [`CTX_TABLE`].
const fn ctx_slot(key: u128) -> usize {
    let x = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize
}

/// The words that set context flags, packed ([`pack_lower`]) in an open-addressing hash
/// table (linear probing, 128 slots, empty slots are 0).
const CTX_TABLE: [(u128, u8); 128] = {
    const P: u8 = Ctx::PHONE;
    const N: u8 = Ctx::NOT_PHONE;
    const V: u8 = Ctx::VERSION | Ctx::NOT_PHONE;
    const S: u8 = Ctx::SSN;
    let words: [(&[u8], u8); 44] = [
        (b"phone", P),
        (b"phones", P),
        (b"tel", P),
        (b"telephone", P),
        (b"mobile", P),
        (b"cell", P),
        (b"call", P),
        (b"number", P),
        (b"no", P),
        (b"whatsapp", P),
        (b"fax", P),
        (b"text", P),
        (b"sms", P),
        (b"contact", P),
        (b"reach", P),
        (b"ring", P),
        (b"dial", P),
        (b"cellphone", P),
        (b"order", N),
        (b"invoice", N),
        (b"tracking", N),
        (b"account", N),
        (b"acct", N),
        (b"ref", N),
        (b"reference", N),
        (b"id", N),
        (b"code", N),
        (b"pin", N),
        (b"otp", N),
        (b"zip", N),
        (b"serial", N),
        (b"ticket", N),
        (b"case", N),
        (b"version", V),
        (b"ver", V),
        (b"v", V),
        (b"release", V),
        (b"build", V),
        (b"firmware", V),
        (b"tag", V),
        (b"ssn", S),
        (b"social", S),
        (b"security", S),
        (b"ss#", S),
    ];
    let mut t = [(0u128, 0u8); 128];
    let mut i = 0;
    while i < words.len() {
        let key = pack_lower(words[i].0);
        let mut h = ctx_slot(key);
        while t[h].0 != 0 {
            h = (h + 1) % 128;
        }
        t[h] = (key, words[i].1);
        i += 1;
    }
    t
};

fn trim_punct(w: &[u8]) -> &[u8] {
    let s = w
        .iter()
        .position(|c| c.is_ascii_alphanumeric())
        .unwrap_or(w.len());
    let e = w
        .iter()
        .rposition(|c| c.is_ascii_alphanumeric())
        .map_or(s, |e| e + 1);
    &w[s..e.max(s)]
}

/// White space (characters) that may stand between an XML element named for a secret and its
/// value (`<apiToken>` then the value indented on the next line).
const XML_SPACE: u8 = 64;

/// What may join the region after its last token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// Nothing: the region is complete.
    None,
    /// Another digit group (or a short letter group once the region has digits).
    Numeric,
    /// An operator (`=`, `:`) after a secret's name.
    KeyName,
    /// The value after `name =`.
    Value,
    /// An operator after a typed name (`apiToken: string =`, `api_token: &str =`): the
    /// value was a type.
    Typed,
    /// The number after an upper-case label (`EMAIL 1`).
    Label,
}

// token class bits
const C_DIGIT: u16 = 1;
const C_LOWER: u16 = 2;
const C_UPPER: u16 = 4;
const C_AT: u16 = 8;
const C_COLON: u16 = 16;
const C_DOT: u16 = 32;
const C_EQ: u16 = 64;
const C_UNDER: u16 = 128;
const C_DASH: u16 = 256;
const C_SLASH: u16 = 512;
const C_BRACKET: u16 = 1024;
const C_PLUS_PAREN: u16 = 2048;
const C_PUNCT: u16 = 4096;
const C_OTHER: u16 = 8192;
const C_WS: u16 = 1 << 15;
const C_HARD: u16 = 1 << 14;

const fn class_table() -> [u16; 256] {
    let mut t = [C_OTHER; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = match c {
            b'0'..=b'9' => C_DIGIT,
            b'a'..=b'z' => C_LOWER,
            b'A'..=b'Z' => C_UPPER,
            b'@' => C_AT,
            b':' => C_COLON,
            b'.' => C_DOT,
            b'=' => C_EQ,
            b'_' => C_UNDER,
            b'-' => C_DASH,
            b'/' | b'\\' => C_SLASH,
            b'[' | b']' | b'{' | b'}' | b'<' | b'>' => C_BRACKET,
            b'+' | b'(' | b')' => C_PLUS_PAREN,
            b',' | b'!' | b'?' | b';' | b'\'' | b'"' | b'`' => C_PUNCT,
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => C_WS,
            _ => C_OTHER,
        };
        i += 1;
    }
    t
}
static CLASS: [u16; 256] = class_table();

/// Unicode white space outside ASCII (the characters that separate tokens).
fn is_unicode_space(c: char) -> bool {
    matches!(
        c,
        '\u{85}' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// What produced a detection: a built-in kind, or the n-th user pattern of the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A built-in kind.
    Kind(PiiKind),
    /// A user pattern (index into the set's patterns).
    Regex(usize),
}

/// A detection: its source and absolute byte span.
pub type Hit = (Source, usize, usize);

/// Compiles a user pattern with the library's limits; the message explains a refusal.
pub fn user_regex(p: &str) -> std::result::Result<regex_lite::Regex, String> {
    if !crate::HAS_PII {
        // policies with regex rules are refused before this; the check leaves the regex
        // engine out of a build without the feature
        return Err("this build has no regex rules".to_string());
    }
    let re = regex_lite::RegexBuilder::new(p)
        .size_limit(1 << 18)
        .nest_limit(40)
        .build()
        .map_err(|e| format!("invalid or too large pattern: {e}"))?;
    if re.is_match("") {
        return Err("the pattern matches the empty string".to_string());
    }
    Ok(re)
}

/// The compiled PII configuration of one direction.
#[derive(Debug, Clone, Default)]
pub struct PiiSet {
    kinds: KindSet,
    /// 0: no placeholder handling; 1: escape typed placeholders; 2: restore them.
    placeholders: u8,
    regexes: Vec<regex_lite::Regex>,
}

impl PiiSet {
    /// A set detecting `kinds`, with placeholder handling `placeholders` (0 off, 1 escape
    /// the bracketed form, 2 restore every accepted form).
    pub fn new(kinds: KindSet, placeholders: u8) -> PiiSet {
        let mut kinds = kinds;
        if placeholders > 0 {
            kinds.insert(PiiKind::Placeholder);
        }
        PiiSet {
            kinds,
            placeholders,
            regexes: Vec::new(),
        }
    }

    /// Adds a user pattern (compiled with [`user_regex`]); returns its index.
    pub fn add_regex(&mut self, re: regex_lite::Regex) -> usize {
        self.regexes.push(re);
        self.regexes.len() - 1
    }

    /// Whether nothing is detected.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty() && self.regexes.is_empty()
    }

    /// The kinds detected.
    pub fn kinds(&self) -> KindSet {
        self.kinds
    }

    /// A fresh incremental scanner.
    pub fn scanner(&self) -> PiiScanner {
        PiiScanner::default()
    }
}

/// The incremental PII scanner: feed text in pieces (on character boundaries), then
/// [`finish`](Self::finish). Detections come out as `(kind, start, end)` in absolute
/// bytes, once their region is complete.
#[derive(Debug, Clone, Default)]
pub struct PiiScanner {
    /// The open region's bytes; `buf[0]` is at absolute `start`.
    buf: Vec<u8>,
    start: usize,
    consumed: usize,
    open: bool,
    in_tok: bool,
    tok_start: usize,
    tok_class: u16,
    /// End (in `buf`) of the last token joined to the region.
    last_end: usize,
    join: Option<Join>,
    has_digit: bool,
    /// White space since the last token: count, and whether it held a line break.
    ws: u8,
    nl: bool,
    /// 0 no PEM block, 1 inside one, 2 after its `-----END`.
    pem: u8,
    /// Context flags of the last three words, and the flags the open region started with.
    hist: [u8; 3],
    /// How many of the most recent `hist` entries are words of the piece being fed whose
    /// flags are not computed yet (their spans in it are in `lazy`): most words never
    /// need them, so they are computed only when a region opens or the piece ends.
    lazy_n: u8,
    lazy: [(usize, usize); 3],
    region_ctx: Ctx,
    /// Whether the region holds something worth running the patterns on.
    interesting: bool,
    /// Tests: words are skipped one at a time only (no [`boring_words`]).
    #[cfg(test)]
    exact_only: bool,
}

impl PiiScanner {
    /// Feeds `text` (absolute offset `base`); detections are appended to `out`.
    pub fn feed(&mut self, set: &PiiSet, text: &str, base: usize, out: &mut Vec<Hit>) {
        debug_assert_eq!(base, self.consumed);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if c < 0x80 && CLASS[c as usize] != C_WS {
                if !self.open && !self.in_tok && self.pem == 0 && set.regexes.is_empty() {
                    // whole plain words outside any region: only their context counts
                    i = self.skip_words(set, bytes, i);
                    if i == bytes.len() || bytes[i] >= 0x80 {
                        continue;
                    }
                }
                // a run of ASCII token bytes, taken at once
                let (j, cls) = token_run(bytes, i, 0);
                let t = &bytes[i..j];
                self.resolve_hist(bytes);
                self.token_bytes(t, cls, i);
                i = j;
                continue;
            }
            let (len, cls) = if c < 0x80 {
                (1, CLASS[c as usize])
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                let cls = if is_unicode_space(ch) {
                    C_WS
                } else if set.regexes.is_empty() && self.pem == 0 {
                    // no built-in pattern contains a non-ASCII character: it ends the token
                    // and the region, so long runs of other scripts are never held
                    C_HARD
                } else {
                    C_OTHER
                };
                (ch.len_utf8(), cls)
            };
            if cls == C_HARD {
                if self.in_tok {
                    self.end_token(set, out);
                }
                if self.open {
                    self.close(set, self.last_end, out);
                }
                i += len;
                continue;
            }
            if cls == C_WS {
                if self.in_tok {
                    self.end_token(set, out);
                }
                if self.open {
                    self.buf.extend_from_slice(&bytes[i..i + len]);
                    self.ws = self.ws.saturating_add(1);
                    if c == b'\n' || c == b'\r' || len > 1 && text[i..].starts_with('\u{2028}') {
                        self.nl = true;
                    }
                    if self.pem == 0 && (self.ws > 3 || self.nl) && !self.in_element() {
                        self.close(set, self.last_end, out);
                    }
                }
            } else {
                self.resolve_hist(bytes);
                self.token_bytes(&bytes[i..i + len], cls, i);
            }
            i += len;
        }
        self.resolve_hist(bytes);
        self.consumed += bytes.len();
    }

    /// Whether the region is an XML element named for a secret (`<apiToken>`) waiting for
    /// its value, which may sit on a line of its own (`<apiToken>\n    value`). (Out of
    /// line: asked only at a line break or a long run of white space in a region.)
    #[inline(never)]
    fn in_element(&self) -> bool {
        self.join == Some(Join::Value)
            && self.ws <= XML_SPACE
            && self.buf.get(self.tok_start) == Some(&b'<')
            && self.buf.get(self.last_end.wrapping_sub(1)) == Some(&b'>')
    }

    /// Computes the context flags of the words left lazy (spans into `bytes`, the piece
    /// being fed).
    fn resolve_hist(&mut self, bytes: &[u8]) {
        for k in 0..usize::from(self.lazy_n) {
            let (s, e) = self.lazy[k];
            self.hist[k] = Ctx::of_word(&bytes[s..e]);
        }
        self.lazy_n = 0;
    }

    /// Skips the whole plain words that start at `i` (an ASCII token byte), outside any
    /// region: words that can neither start a region nor be part of a detection (letters,
    /// some lower-case, with sentence punctuation around them, not a secret's name before
    /// an operator). Only their context counts; it is left lazy. Returns where it stopped:
    /// the start of a token the token path must read, a non-ASCII byte, or the end.
    ///
    /// The state lives in locals for the loop (registers, in WASM), not in `self`.
    fn skip_words(&mut self, set: &PiiSet, bytes: &[u8], mut i: usize) -> usize {
        let (mut hist, mut lazy, mut lazy_n) = (self.hist, self.lazy, self.lazy_n);
        loop {
            #[cfg(test)]
            let fast = !self.exact_only;
            #[cfg(not(test))]
            let fast = true;
            if fast {
                // whole runs of letter-only words at once
                let (r, spans, n) = boring_words(bytes, i);
                if r > i {
                    // oldest first, as the word loop would push them
                    for k in (0..usize::from(n)).rev() {
                        hist = [0, hist[0], hist[1]];
                        lazy = [spans[k], lazy[0], lazy[1]];
                    }
                    lazy_n = (lazy_n + n).min(3);
                    i = r;
                }
            }
            let (j, cls) = letter_run(bytes, i);
            let (j, cls) = token_run(bytes, j, cls);
            if j == bytes.len() {
                // the word may go on in the next piece
                break;
            }
            // the white space after it (outside a region, white space changes nothing)
            let mut k = j;
            let mut nl = false;
            while k < bytes.len() && bytes[k] < 0x80 && CLASS[usize::from(bytes[k])] == C_WS {
                nl |= bytes[k] == b'\n' || bytes[k] == b'\r';
                k += 1;
            }
            if !plain_word(set, &bytes[i..j], cls, nl, &bytes[k..]) {
                break;
            }
            hist = [0, hist[0], hist[1]];
            lazy = [(i, j), lazy[0], lazy[1]];
            lazy_n = (lazy_n + 1).min(3);
            i = k;
            if i == bytes.len() || bytes[i] >= 0x80 {
                break;
            }
        }
        (self.hist, self.lazy, self.lazy_n) = (hist, lazy, lazy_n);
        i
    }

    /// Appends bytes of the current token (starting it, and the region, if needed); `at`
    /// is their offset in the fed piece.
    #[inline(always)]
    fn token_bytes(&mut self, b: &[u8], cls: u16, at: usize) {
        if !self.in_tok {
            if !self.open {
                self.open = true;
                self.start = self.consumed + at;
                self.buf.clear();
                self.has_digit = false;
                self.join = None;
                self.interesting = false;
                self.region_ctx = Ctx(self.hist[0] | self.hist[1] | self.hist[2]);
            }
            self.in_tok = true;
            self.tok_start = self.buf.len();
            self.tok_class = 0;
        }
        self.tok_class |= cls;
        self.buf.extend_from_slice(b);
    }

    /// Ends the text: completes the open token and region.
    pub fn finish(&mut self, set: &PiiSet, out: &mut Vec<Hit>) {
        if self.in_tok {
            self.end_token(set, out);
        }
        if self.open {
            self.close(set, self.last_end, out);
        }
    }

    /// Forgets the open region, as after a fail-closed cut at absolute offset `at`.
    pub fn reset(&mut self, at: usize) {
        let _ = at;
        self.open = false;
        self.in_tok = false;
        self.buf.clear();
        self.pem = 0;
        self.join = None;
        self.ws = 0;
        self.nl = false;
    }

    /// Makes this scanner new again (as [`PiiSet::scanner`] makes it), keeping its buffer.
    pub fn restart(&mut self) {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        *self = PiiScanner {
            buf,
            ..PiiScanner::default()
        };
    }

    /// The earliest absolute offset a later chunk could still make part of a detection.
    pub fn hold_from(&self) -> usize {
        if self.open {
            self.start
        } else {
            self.consumed
        }
    }

    fn end_token(&mut self, set: &PiiSet, out: &mut Vec<Hit>) {
        self.in_tok = false;
        let ts = self.tok_start;
        let cls = self.tok_class;
        let tok_end = self.buf.len();
        let word_flags = {
            let t = &self.buf[ts..tok_end];
            if cls & !(C_LOWER | C_UPPER | C_PUNCT | C_DOT | C_COLON) == 0 {
                Ctx::of_word(t)
            } else {
                0
            }
        };
        // a PEM block joins everything up to its footer
        if self.pem > 0 {
            let t = &self.buf[ts..tok_end];
            if self.pem == 1 && t.windows(8).any(|w| w == b"-----END") {
                self.pem = 2;
            }
            self.last_end = tok_end;
            self.ws = 0;
            self.nl = false;
            if self.pem == 2 && t.ends_with(b"-----") {
                self.pem = 0;
                self.close(set, tok_end, out);
            }
            self.push_hist(word_flags);
            return;
        }
        let first = ts == 0;
        // the common case: a plain word of five or more letters (and sentence punctuation)
        // that does not name a secret ends the region at once
        if first
            && cls & !(C_LOWER | C_UPPER | C_PUNCT) == 0
            && tok_end - ts > 4
            && set.placeholders != 2
            && !detect_secret_name(&self.buf[ts..tok_end])
        {
            self.push_hist(word_flags);
            self.last_end = tok_end;
            self.join = Some(Join::None);
            self.ws = 0;
            self.nl = false;
            let interesting = cls & C_UPPER != 0 && cls & C_LOWER == 0 && tok_end - ts >= 16;
            self.interesting = interesting;
            return self.close(set, tok_end, out);
        }
        let class = self.classify(ts, tok_end, cls, set);
        if !first {
            let ok = match self.join {
                Some(Join::Numeric) => class.group || (class.letters && self.has_digit),
                Some(Join::KeyName | Join::Typed) => class.op,
                Some(Join::Value) => true,
                Some(Join::Label) => class.ph_num,
                Some(Join::None) | None => false,
            } && tok_end <= MAX_REGION;
            if !ok {
                // the region ends before this token, which starts a new one
                let keep_from = ts;
                let new_start = self.start + ts;
                self.close_keep(set, self.last_end, keep_from, out);
                self.open = true;
                self.start = new_start;
                self.has_digit = false;
                self.interesting = false;
                self.region_ctx = Ctx(self.hist[0] | self.hist[1] | self.hist[2]);
                let te = tok_end - keep_from;
                let class = self.classify(0, te, cls, set);
                return self.after_token(set, class, cls, 0, te, true, word_flags, out);
            }
        }
        self.after_token(set, class, cls, ts, tok_end, first, word_flags, out)
    }

    #[allow(clippy::too_many_arguments)]
    fn after_token(
        &mut self,
        set: &PiiSet,
        class: TokClass,
        cls: u16,
        ts: usize,
        te: usize,
        first: bool,
        word_flags: u8,
        out: &mut Vec<Hit>,
    ) {
        if cls & C_DIGIT != 0 {
            self.has_digit = true;
        }
        // plain words need no pattern: letters and sentence punctuation only
        let plain = cls & !(C_LOWER | C_UPPER | C_PUNCT | C_OTHER) == 0
            && !(cls & C_UPPER != 0 && cls & C_LOWER == 0 && te - ts >= 16);
        if !plain || class.pem {
            self.interesting = true;
        }
        self.last_end = te;
        self.ws = 0;
        self.nl = false;
        let prev = self.join;
        self.push_hist(word_flags);
        if class.pem {
            self.pem = if class.pem_end { 2 } else { 1 };
            if class.pem_end && self.buf[ts..te].ends_with(b"-----") {
                self.pem = 0;
                return self.close(set, te, out);
            }
            self.join = Some(Join::None);
            return;
        }
        let next = if (matches!(prev, Some(Join::KeyName | Join::Typed)) && class.op) || class.keyop
        {
            if prev == Some(Join::KeyName) && &self.buf[ts..te] == b"is" {
                self.region_ctx.0 |= Ctx::COPULA;
            }
            Join::Value
        } else if prev == Some(Join::Value) && auth_scheme(&self.buf[ts..te]) {
            // `Authorization: Bearer`: the credential follows
            Join::Value
        } else if matches!(&self.buf[ts..te], b"-u" | b"--user") {
            // curl's `-u user:password`
            Join::Value
        } else if class.keyname {
            Join::KeyName
        } else if (class.group && !class.trailing_stop)
            || (class.letters && (self.has_digit || (first && te - ts == 2)))
        {
            Join::Numeric
        } else if class.label && set.placeholders == 2 {
            Join::Label
        } else if prev == Some(Join::Value) && class.type_like {
            // the value of `apiToken:` was a type (`apiToken: string = ...`): the operator
            // may follow
            Join::Typed
        } else {
            Join::None
        };
        // a value after `is` is one token (`my password is hunter2`), whatever follows
        let next = if prev == Some(Join::Value) && self.region_ctx.has(Ctx::COPULA) {
            Join::None
        } else {
            next
        };
        self.join = Some(next);
        if next == Join::None {
            self.close(set, te, out);
        }
    }

    fn push_hist(&mut self, f: u8) {
        debug_assert_eq!(self.lazy_n, 0);
        self.hist = [f, self.hist[0], self.hist[1]];
    }

    fn classify(&self, ts: usize, te: usize, cls: u16, set: &PiiSet) -> TokClass {
        let t = &self.buf[ts..te];
        let mut c = TokClass::default();
        let n = t.len();
        if cls & !(C_LOWER | C_UPPER | C_PUNCT) == 0 {
            // letters and sentence punctuation only
            c.letters = (1..=4).contains(&n) && cls & C_PUNCT == 0;
            // (`is` after a secret's name assigns in prose: `my password is hunter2`)
            c.op = t == b"is";
            c.type_like = (3..=24).contains(&n) && cls & (C_PUNCT | C_LOWER) == C_LOWER;
            c.keyname = n <= 64 && detect_secret_name(t) && {
                let s = t
                    .iter()
                    .position(|b| b.is_ascii_alphanumeric())
                    .unwrap_or(n);
                t[s..]
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"\"'`".contains(b))
            };
            c.label = set.placeholders == 2
                && cls & C_LOWER == 0
                && n >= 2
                && t.iter().all(u8::is_ascii_uppercase);
            return c;
        }
        if cls & C_DASH != 0 && t.windows(10).any(|w| w == b"-----BEGIN") {
            c.pem = true;
            // a one-token block (`-----BEGIN...-----END...-----` without spaces)
            if t.windows(8).any(|w| w == b"-----END") {
                c.pem_end = true;
            }
            return c;
        }
        // digit groups: digits, letters, + ( ) - . /, at most one trailing stop
        let core_end = t
            .iter()
            .rposition(|b| !b",;:!?.".contains(b))
            .map_or(0, |p| p + 1);
        let core = &t[..core_end];
        if cls & C_DIGIT != 0
            && !core.is_empty()
            && core.len() <= 14
            && n - core_end <= 2
            && core
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"+()-./".contains(b))
            && !(set.placeholders == 2 && t.last() == Some(&b']'))
        {
            c.group = true;
            c.trailing_stop = core_end < n;
        }
        if (1..=4).contains(&n) && t.iter().all(u8::is_ascii_alphabetic) {
            c.letters = true;
        }
        if is_op_token(t) {
            c.op = true;
        }
        c.type_like = (3..=24).contains(&n)
            && cls & (C_DIGIT | C_LOWER) == C_LOWER
            && matches!(t[0], b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'&' | b'*' | b'[')
            && t.iter()
                .all(|&b| b.is_ascii_alphabetic() || b"_&*<>[]?.".contains(&b));
        if cls & (C_LOWER | C_UPPER) != 0 && n <= 64 {
            // a secret's name, maybe quoted, maybe with its operator (`$apiToken`,
            // `@token`: a variable's sigil; `<apiToken>`: an XML element, whose `>` is
            // the operator)
            let s = t
                .iter()
                .position(|b| !b"\"'`{[($@<".contains(b))
                .unwrap_or(n);
            let id_end = s + t[s..]
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || b"_.-".contains(b)))
                .unwrap_or(n - s);
            let id = &t[s..id_end];
            let mut r = id_end;
            while r < n && b"\"'`".contains(&t[r]) {
                r += 1;
            }
            let ops = &t[r..];
            if !id.is_empty() && detect_secret_name(id) {
                if ops.is_empty() {
                    c.keyname = true;
                } else if ops.len() <= 4 && ops.iter().all(|&b| is_op(b)) {
                    c.keyop = true;
                }
            }
            if cls & C_PLUS_PAREN != 0 && call_name(t) {
                c.keyop = true;
            }
        }
        if set.placeholders == 2 {
            let s = usize::from(matches!(t.first(), Some(b'[' | b'{' | b'<' | b'(')));
            let body = &t[s..];
            if body.len() >= 2
                && body[0].is_ascii_uppercase()
                && body.iter().all(|b| b.is_ascii_uppercase() || *b == b'_')
            {
                c.label = true;
            }
            let d = t.iter().take_while(|b| b.is_ascii_digit()).count();
            // `1`, `1]`, and either followed by sentence punctuation (`EMAIL 1.`)
            if (1..=6).contains(&d) && t[d..].iter().all(|b| b.is_ascii_punctuation()) {
                c.ph_num = true;
            }
        }
        c
    }

    /// Completes the region at `end` (bytes of `buf`): runs the patterns, reports, clears.
    fn close(&mut self, set: &PiiSet, end: usize, out: &mut Vec<Hit>) {
        let n = self.buf.len();
        self.close_keep(set, end, n, out);
    }

    /// [`close`](Self::close), keeping `buf[keep_from..]` (the token that starts the next
    /// region) in place.
    fn close_keep(&mut self, set: &PiiSet, end: usize, keep_from: usize, out: &mut Vec<Hit>) {
        let end = end.min(self.buf.len());
        if self.interesting && end > 0 {
            let mut raw = Vec::new();
            detect::detect(
                &self.buf[..end],
                self.region_ctx,
                set.kinds,
                set.placeholders,
                &mut raw,
            );
            let region = &self.buf[..end];
            for (k, s, e) in raw {
                // every detector ends its spans on character boundaries (it reads ASCII
                // only); should one not, the span widens to the characters it touches
                // (masking more, never slicing a character later: a panic would end the
                // module for the page)
                let (s2, e2) = on_chars(region, s, e);
                debug_assert_eq!((s, e), (s2, e2), "a detector's span splits a character");
                out.push((Source::Kind(k), self.start + s2, self.start + e2));
            }
        }
        if crate::HAS_PII && !set.regexes.is_empty() && end > 0 {
            // the region holds whole characters: it is valid UTF-8
            if let Ok(text) = std::str::from_utf8(&self.buf[..end]) {
                for (i, re) in set.regexes.iter().enumerate() {
                    for m in re.find_iter(text) {
                        if m.end() > m.start() {
                            out.push((
                                Source::Regex(i),
                                self.start + m.start(),
                                self.start + m.end(),
                            ));
                        }
                    }
                }
            }
        }
        self.open = false;
        if keep_from >= self.buf.len() {
            self.buf.clear();
        } else {
            self.buf.drain(..keep_from);
        }
        self.join = None;
        self.pem = 0;
        self.ws = 0;
        self.nl = false;
        self.interesting = false;
    }
}

/// What one token can be, for joining it to the region.
#[derive(Debug, Clone, Copy, Default)]
struct TokClass {
    group: bool,
    trailing_stop: bool,
    letters: bool,
    op: bool,
    keyname: bool,
    keyop: bool,
    /// A type, as declarations write one after `name:` (`string`, `&str`,
    /// `Option<String>`): 3 to 24 bytes, letters and `_&*<>[]?.` only, a lower-case
    /// letter among them.
    type_like: bool,
    label: bool,
    ph_num: bool,
    pem: bool,
    /// The token also holds the block's `-----END` marker.
    pem_end: bool,
}

/// Skips, eight bytes at a time, the words at `bytes[i..]` (`i` starts a token) that the
/// word loop of [`PiiScanner::skip_words`] would skip whatever follows them, and stops two
/// tokens before the first byte that is not an ASCII letter, space or line feed, or a
/// capital after a capital (an all-capitals word may be a label or part of a secret).
///
/// Why those words: each is letters only and has a lower-case letter or is one letter
/// long, and the next token is letters only and complete (white space follows it), so no
/// digit and no operator follows: [`plain_word`] holds. The token before the stop is left
/// to the word loop, since what follows it is not known to be plain.
///
/// Returns where to go on (`i` when nothing was skipped), and the spans of the last (at
/// most three) words skipped, the most recent first, with their number.
#[inline]
fn boring_words(bytes: &[u8], i: usize) -> (usize, [(usize, usize); 3], u8) {
    use crate::text::swar;
    let none = (i, [(0, 0); 3], 0);
    let mut j = i;
    let mut carry = 0u64;
    let p = loop {
        let Some(w) = swar::load(bytes, j) else {
            // the last bytes of the piece: stop there
            break j;
        };
        let letter = swar::letters(w);
        let upper = swar::capitals(w, letter);
        let stop = (!(letter | swar::eq(w, b' ') | swar::eq(w, b'\n')) & swar::HIGH)
            | (upper & (upper << 8 | carry));
        if stop != 0 {
            break j + (stop.trailing_zeros() / 8) as usize;
        }
        carry = (upper >> 56) & 0x80;
        j += 8;
    };
    let is_ws = |b: u8| b == b' ' || b == b'\n';
    // back to the start of the stop's token, then of the token before it (each word's
    // start found eight bytes at a time, the white space before it, most often one byte,
    // one at a time)
    let q = token_start(bytes, i, p);
    let mut r = q;
    while r > i && is_ws(bytes[r - 1]) {
        r -= 1;
    }
    let mut r = token_start(bytes, i, r);
    // `is` before the stop's token may assign it to a secret's name (`password is
    // hunter2`): a secret's name before `is` is left to the word loop too (see
    // `copula_first`; any other word the loop would skip)
    if r > i
        && bytes
            .get(r..r + 3)
            .is_some_and(|w| w == b"is " || w == b"is\n")
    {
        r = before_copula(bytes, i, r);
    }
    if r <= i {
        return none;
    }
    // the last words before `r`, back to `i` (every byte of `i..r` is a letter or space,
    // and `bytes[i]` a letter: the white space before a word ends there at the latest)
    let mut spans = [(0, 0); 3];
    let mut n = 0;
    let mut e = r;
    while n < 3 && e > i {
        while is_ws(bytes[e - 1]) {
            e -= 1;
        }
        let s = token_start(bytes, i, e);
        spans[n] = (s, e);
        n += 1;
        e = s;
    }
    (r, spans, n as u8)
}

/// Where [`boring_words`] stops when the token at `r` is `is`: at the word before it if
/// that names a secret (`password is ...`), else at `r`. (Out of line: rare, and kept out of
/// the skipper's loop.)
#[inline(never)]
fn before_copula(bytes: &[u8], i: usize, r: usize) -> usize {
    let mut t = r;
    while t > i && (bytes[t - 1] == b' ' || bytes[t - 1] == b'\n') {
        t -= 1;
    }
    let s = token_start(bytes, i, t);
    if detect_secret_name(&bytes[s..t]) {
        s
    } else {
        r
    }
}

/// The start of the token that ends at `q`, not before `lo`: the least `s` in `lo..=q`
/// with no space or line feed in `bytes[s..q]`, found eight bytes at a time (a token may be
/// long).
#[inline]
fn token_start(bytes: &[u8], lo: usize, mut q: usize) -> usize {
    use crate::text::swar;
    while q >= lo + 8 {
        let Some(w) = swar::load(bytes, q - 8) else {
            break;
        };
        let ws = swar::eq(w, b' ') | swar::eq(w, b'\n');
        if ws != 0 {
            // just after the last of them in the eight
            return q - 8 + (63 - ws.leading_zeros() as usize) / 8 + 1;
        }
        q -= 8;
    }
    while q > lo && bytes[q - 1] != b' ' && bytes[q - 1] != b'\n' {
        q -= 1;
    }
    q
}

/// Extends a token over the ASCII token bytes (not white space) from `j`: returns where
/// it ends (white space, a non-ASCII byte or the end) and `cls` with the classes of its
/// bytes added. Eight bytes at a time: eight equal bytes are crossed with the rest of their
/// run at once (1 MB of `@` is one step per eight bytes); others a byte at a time.
#[inline]
fn token_run(bytes: &[u8], mut j: usize, mut cls: u16) -> (usize, u16) {
    use crate::text::swar;
    loop {
        if let Some(w) = swar::load(bytes, j) {
            let k = CLASS[usize::from(bytes[j])];
            if w == swar::ONES * u64::from(bytes[j]) && bytes[j] < 0x80 && k != C_WS {
                cls |= k;
                j += swar::run_len(bytes, j);
                continue;
            }
        }
        let end = bytes.len().min(j + 8);
        while j < end && bytes[j] < 0x80 {
            let k = CLASS[usize::from(bytes[j])];
            if k == C_WS {
                return (j, cls);
            }
            cls |= k;
            j += 1;
        }
        if j < end || j == bytes.len() {
            return (j, cls);
        }
    }
}

/// The run of ASCII letters at `bytes[i..]`, eight bytes at a time: its end and its
/// classes (`C_LOWER`, `C_UPPER`). It stops short of the last eight bytes, which the
/// caller reads one at a time.
#[inline]
fn letter_run(bytes: &[u8], i: usize) -> (usize, u16) {
    use crate::text::swar;
    let mut j = i;
    let mut cls = 0;
    while let Some(w) = swar::load(bytes, j) {
        let letter = swar::letters(w);
        let run = (!letter & swar::HIGH).trailing_zeros() / 8;
        if run > 0 {
            // the letters' case bits (set: small), over the run only
            let case = swar::CASE & (u64::MAX >> (64 - 8 * run));
            let small = w & case;
            if small != 0 {
                cls |= C_LOWER;
            }
            if small != case {
                cls |= C_UPPER;
            }
        }
        j += run as usize;
        if run < 8 {
            break;
        }
    }
    (j, cls)
}

/// Whether a whole ASCII token `t` (classes `cls`), outside any region, is a plain word
/// the scanner may skip: letters (some lower-case, or a short run of capitals), up to two
/// leading and three trailing punctuation marks, and not a secret's name before an
/// operator. `nl` tells whether the white space after it holds a line break; `next` is
/// the text after that white space (maybe cut short by the end of the piece).
#[inline]
fn plain_word(set: &PiiSet, t: &[u8], cls: u16, nl: bool, next: &[u8]) -> bool {
    // all capitals: a placeholder's label, or a long one part of a secret
    let caps_ok = t.len() < 2 || (set.placeholders != 2 && t.len() < 16);
    if cls & !(C_LOWER | C_UPPER | C_PUNCT | C_DOT) != 0 || (cls & C_LOWER == 0 && !caps_ok) {
        return false;
    }
    // two letters alone may start a NINO (`AB 12 34 56 C`): only when a digit group follows
    let nino = || t.len() == 2 && !nl && may_hold_digit(next);
    let shaped = if cls & !(C_LOWER | C_UPPER) == 0 {
        !nino()
    } else if cls & C_DOT == 0 && t.len() > 4 && set.placeholders != 2 {
        true
    } else {
        let s = t
            .iter()
            .take(2)
            .take_while(|b| CLASS[usize::from(**b)] == C_PUNCT)
            .count();
        let trail = t[s..]
            .iter()
            .rev()
            .take(3)
            .take_while(|b| CLASS[usize::from(**b)] & (C_PUNCT | C_DOT) != 0);
        let e = t.len() - trail.count();
        let core = &t[s..e.max(s)];
        !core.is_empty() && core.iter().all(u8::is_ascii_alphabetic) && !nino()
    };
    // a secret's name matters only before an operator (`password = ...`), which may also
    // be a non-ASCII space away, or in the next piece
    let op = !nl && op_first(next);
    shaped && (!op || !detect_secret_name(t))
}

/// Whether `next` may start with an operator: its first byte does (or is not ASCII, or
/// the piece ends first), or it is `.` or `+` before one (`.=`, `+=`), or `is` before a
/// value (see [`copula_first`]).
fn op_first(next: &[u8]) -> bool {
    match next.first() {
        None => true,
        Some(&c) if c >= 0x80 || is_op(c) => true,
        Some(b'.' | b'+') => next.get(1).is_none_or(|&c| c >= 0x80 || is_op(c)),
        Some(b'i') => copula_first(next),
        Some(_) => false,
    }
}

/// Whether `next` may start with the word `is` and a value (`password is hunter2`): `is`,
/// a blank, then a token that is not a complete word of letters alone (which is no
/// secret); also when it is cut short before that could be told.
fn copula_first(next: &[u8]) -> bool {
    let rest = match next {
        [b'i'] | [b'i', b's'] => return true,
        [b'i', b's', b' ' | b'\t', rest @ ..] => rest,
        [b'i', b's', c, ..] => return *c >= 0x80,
        _ => return false,
    };
    let b = rest
        .iter()
        .take_while(|&&c| matches!(c, b' ' | b'\t'))
        .count();
    let rest = &rest[b..];
    let k = rest.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    k == 0 || k == rest.len() || !matches!(rest[k], b' ' | b'\n')
}

/// Whether the token `t` is an assignment operator: up to four bytes of [`is_op`], the
/// first maybe `.` or `+` (`=`, `:=`, `=>`, `?=`, `||=`, `.=`, `+=`).
fn is_op_token(t: &[u8]) -> bool {
    let body = match t {
        [b'.' | b'+', rest @ ..] => rest,
        _ => t,
    };
    !body.is_empty() && t.len() <= 4 && body.iter().all(|&b| is_op(b))
}

/// Whether `t` is an HTTP authorization scheme that stands between the header's name and
/// the credential (`Authorization: Bearer <token>`, `Basic`, `Token`, `Api-Key`...).
pub(crate) fn auth_scheme(t: &[u8]) -> bool {
    (5..=9).contains(&t.len())
        && [
            &b"bearer"[..],
            b"basic",
            b"token",
            b"api-token",
            b"api-key",
            b"apikey",
        ]
        .iter()
        .any(|s| t.eq_ignore_ascii_case(s))
}

/// Whether the token `t` ends a call's first argument that names a secret, its comma
/// standing for the operator: `setProperty("API_TOKEN",`, `getenv('api_key',`.
fn call_name(t: &[u8]) -> bool {
    let [.., q, b','] = t else {
        return false;
    };
    if !matches!(q, b'"' | b'\'') {
        return false;
    }
    let body = &t[..t.len() - 2];
    let Some(p) = body.iter().rposition(|b| b == q) else {
        return false;
    };
    let id = &body[p + 1..];
    p > 0
        && body[p - 1] == b'('
        && !id.is_empty()
        && id.len() <= 64
        && id
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
        && detect_secret_name(id)
}

/// `s..e` widened to the UTF-8 character boundaries of `region` around it (clamped to it).
fn on_chars(region: &[u8], s: usize, e: usize) -> (usize, usize) {
    let boundary = |i: usize| i >= region.len() || (region[i] as i8) >= -0x40;
    let (mut s, mut e) = (s.min(region.len()), e.min(region.len()));
    while s > 0 && !boundary(s) {
        s -= 1;
    }
    while !boundary(e) {
        e += 1;
    }
    (s, e.max(s))
}

/// Whether `c` may be part of an assignment operator (`=`, `:`, `=>`, `?=`, `|=`...).
#[inline]
fn is_op(c: u8) -> bool {
    matches!(c, b'=' | b':' | b'>' | b'?' | b'|')
}

/// Whether the token that starts `next` may hold a digit (also when it is not all in
/// `next`).
fn may_hold_digit(next: &[u8]) -> bool {
    let mut j = 0;
    while j < next.len() && next[j] < 0x80 && CLASS[usize::from(next[j])] != C_WS {
        if next[j].is_ascii_digit() {
            return true;
        }
        j += 1;
    }
    // the token is complete only if something other than its bytes follows it
    j == next.len() || next[j] >= 0x80 && j == 0
}

/// For each pair of letters (by their low five bits, so either case), the letters (as
/// bits, by their low five bits) that may follow them at the start of a secret's name:
/// `key`, `sec`, `tok`, `pas`, `pwd`, `aut`, `acc`, `api`, `cre`. Other bytes alias
/// letters, which only costs a closer check.
static SECRET_TRIGRAMS: [u32; 1024] = {
    let mut t = [0u32; 1024];
    let starts: [&[u8; 3]; 9] = [
        b"key", b"sec", b"tok", b"pas", b"pwd", b"aut", b"acc", b"api", b"cre",
    ];
    let mut i = 0;
    while i < starts.len() {
        let [a, b, c] = *starts[i];
        t[(a % 32) as usize * 32 + (b % 32) as usize] |= 1 << (c % 32);
        i += 1;
    }
    t
};

/// Whether an identifier names a secret (`api_key`, `DB_PASSWORD`, `authToken`...): one
/// pass, no allocation.
fn detect_secret_name(id: &[u8]) -> bool {
    // most words hold none of the names' first two letters
    if !id.windows(3).any(|w| {
        SECRET_TRIGRAMS[usize::from(w[0] % 32) * 32 + usize::from(w[1] % 32)] >> (w[2] % 32) & 1
            != 0
    }) {
        return false;
    }
    let at = |i: usize, p: &[u8]| {
        id.len() >= i + p.len()
            && id[i..i + p.len()]
                .iter()
                .zip(p)
                .all(|(a, b)| a.to_ascii_lowercase() == *b)
    };
    (0..id.len()).any(|i| match id[i].to_ascii_lowercase() {
        b'k' => at(i, b"key"),
        b's' => at(i, b"secret"),
        b't' => at(i, b"token"),
        b'p' => at(i, b"passw") || at(i, b"pwd"),
        b'a' => {
            at(i, b"auth")
                || at(i, b"access")
                || matches!(id.get(i..i + 3), Some(b"api" | b"Api" | b"API"))
        }
        b'c' => at(i, b"credential") || at(i, b"creds"),
        _ => false,
    })
}

/// Detects every kind of `set` in a whole text (a convenience over the scanner).
///
/// ```
/// use chatguard::pii::{detect_all, KindSet, PiiKind, PiiSet};
/// let mut kinds = KindSet::default();
/// kinds.insert(PiiKind::Email);
/// kinds.insert(PiiKind::CreditCard);
/// let found = detect_all(&PiiSet::new(kinds, 0), "mail jane@corp.com, card 4111 1111 1111 1111");
/// use chatguard::pii::Source::Kind;
/// assert_eq!(found, vec![(Kind(PiiKind::Email), 5, 18), (Kind(PiiKind::CreditCard), 25, 44)]);
/// ```
pub fn detect_all(set: &PiiSet, text: &str) -> Vec<Hit> {
    let mut s = set.scanner();
    let mut out = Vec::new();
    s.feed(set, text, 0, &mut out);
    s.finish(set, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The letter run, one byte at a time: its end and classes.
    fn letter_run_bytewise(bytes: &[u8], i: usize) -> (usize, u16) {
        let mut j = i;
        let mut cls = 0;
        while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
            cls |= CLASS[usize::from(bytes[j])];
            j += 1;
        }
        (j, cls)
    }

    #[test]
    fn token_start_agrees_with_the_byte_loop() {
        // a space, a line feed or neither at every offset of tokens up to 20 bytes long,
        // from every end and every lower bound
        for len in 0..20 {
            for at in 0..len {
                for ws in [b' ', b'\n', b'x'] {
                    let mut t = vec![b'a'; len];
                    t[at] = ws;
                    for q in 0..=len {
                        for lo in 0..=q {
                            let mut want = q;
                            while want > lo && t[want - 1] != b' ' && t[want - 1] != b'\n' {
                                want -= 1;
                            }
                            assert_eq!(token_start(&t, lo, q), want, "{t:?} {lo} {q}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn token_run_agrees_with_the_byte_loop() {
        // runs of one byte (0 to 20 long) of every value, between token bytes, at every
        // offset of the eight, from every start
        let bytewise = |t: &[u8], mut j: usize| {
            let mut cls = C_LOWER;
            while j < t.len() && t[j] < 0x80 && CLASS[usize::from(t[j])] != C_WS {
                cls |= CLASS[usize::from(t[j])];
                j += 1;
            }
            (j, cls)
        };
        for b in 0..=255u8 {
            for pad in 0..9 {
                for len in [0, 1, 7, 8, 9, 16, 20] {
                    let mut t = b"x@1.".repeat(3)[..pad].to_vec();
                    t.extend(std::iter::repeat_n(b, len));
                    t.extend_from_slice(b"@-Z x");
                    for i in 0..t.len() {
                        assert_eq!(token_run(&t, i, C_LOWER), bytewise(&t, i), "{t:?} {i}");
                    }
                }
            }
        }
    }

    #[test]
    fn letter_run_agrees_with_the_byte_loop() {
        // every byte value at every position of a window of letters, both cases
        for b in 0..=255u8 {
            for at in 0..20 {
                for upper in [false, true] {
                    let mut text: Vec<u8> = b"abcdefghijklmnopqrstuvwxyz"[..20].to_vec();
                    if upper {
                        text.iter_mut()
                            .step_by(3)
                            .for_each(|c| *c = c.to_ascii_uppercase());
                    }
                    text[at] = b;
                    for i in 0..text.len() {
                        let (j, cls) = letter_run(&text, i);
                        let (want_j, want_cls) = letter_run_bytewise(&text, i);
                        // it stops where the letters end, or within the last eight bytes
                        assert!(
                            j <= want_j && (j == want_j || j + 8 > text.len()),
                            "{b} {at} {i}"
                        );
                        let (_, part) = letter_run_bytewise(&text[..j], i);
                        assert_eq!(cls, part, "{b} {at} {i}");
                        if j == want_j {
                            assert_eq!(cls, want_cls);
                        }
                    }
                }
            }
        }
    }

    /// Every detection and the hold point after each piece, scanning `text` cut at `cuts`.
    fn scan_pieces(set: &PiiSet, exact_only: bool, text: &str, cuts: &[usize]) -> Vec<Hit> {
        let mut sc = PiiScanner {
            exact_only,
            ..set.scanner()
        };
        let mut out = Vec::new();
        let mut at = 0;
        for &c in cuts.iter().chain([&text.len()]) {
            if c <= at || !text.is_char_boundary(c) {
                continue;
            }
            sc.feed(set, &text[at..c], at, &mut out);
            out.push((Source::Regex(usize::MAX), sc.hold_from(), c));
            at = c;
        }
        sc.finish(set, &mut out);
        out
    }

    /// Detectors that read a run of bytes up to a cap (curl's argument, a URL's authority)
    /// end it on a character boundary when the cap falls inside a character.
    #[test]
    fn capped_runs_end_on_character_boundaries() {
        let all = all_kinds();
        for ch in ["\u{e9}", "\u{20ac}", "\u{1f600}"] {
            // (users of 1 to 4 letters: the cap falls at every place within a character)
            for user in ["o", "op", "ops", "opsx"] {
                let long = ch.repeat(300);
                for text in [
                    format!("curl --user \"{user}:{long}\" x"),
                    format!("curl -u {user}:{long} x"),
                    format!("redis://{user}:x{long}@h.example.com"),
                ] {
                    let mut raw = Vec::new();
                    detect::detect(text.as_bytes(), Ctx(0), all, 1, &mut raw);
                    for &(_, s, e) in &raw {
                        assert!(
                            text.is_char_boundary(s) && text.is_char_boundary(e),
                            "{text:?}: {s}..{e}"
                        );
                    }
                }
            }
        }
    }

    /// A span that splits a character widens to the characters it touches.
    #[test]
    fn spans_widen_to_character_boundaries() {
        let region = "a\u{e9}\u{fffd}b".as_bytes(); // a, é (2 bytes), U+FFFD (3), b
        assert_eq!(on_chars(region, 0, 1), (0, 1));
        assert_eq!(on_chars(region, 2, 4), (1, 6));
        assert_eq!(on_chars(region, 1, 5), (1, 6));
        assert_eq!(on_chars(region, 4, 99), (3, 7));
    }

    /// Every kind.
    fn all_kinds() -> KindSet {
        let mut all = KindSet::default();
        for &k in PiiKind::ALL {
            all.insert(k);
        }
        all
    }

    /// An XML element named for a secret keeps its region open over white space up to
    /// XML_SPACE characters (its value may be on the next line), and no further: so much
    /// text is held back, and no more.
    #[test]
    fn an_element_waits_for_its_value_over_bounded_white_space() {
        let all = all_kinds();
        let set = PiiSet::new(all, 1);
        for (text, held) in [
            ("<apiToken>\n    ", true),
            ("<apiToken>  \n\t", true),
            (
                &*format!("<apiToken>{}", "\n".repeat(usize::from(XML_SPACE))),
                true,
            ),
            (
                &*format!("<apiToken>{}", "\n".repeat(usize::from(XML_SPACE) + 1)),
                false,
            ),
            ("<name>\n    ", false),
            ("apiToken>\n    ", false),
            ("api_token =\n", false),
        ] {
            let mut sc = set.scanner();
            sc.feed(&set, text, 0, &mut Vec::new());
            assert_eq!(sc.hold_from() == 0, held, "{text:?}");
            if !held {
                assert_eq!(sc.hold_from(), text.len(), "{text:?}");
            }
        }
    }

    /// Prose around `is` after a secret's name: the same detections whether the text comes
    /// whole, cut once anywhere, or one byte at a time (a cut right after the name hides
    /// what follows `is`, so the skipper keeps the name; the region must then end as the
    /// skipper's path would).
    #[test]
    fn is_after_a_name_finds_the_same_at_every_cut() {
        let all = all_kinds();
        let set = PiiSet::new(all, 1);
        let found = |hits: Vec<Hit>| -> Vec<Hit> {
            hits.into_iter()
                .filter(|h| h.0 != Source::Regex(usize::MAX))
                .collect()
        };
        for text in [
            "my token is great = Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB ok",
            "my password is hunter2 and the key is Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB",
            "the password is string = hunter2x, the token is: Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB",
            "password is is hunter2 token is\nZf3D0LXCM3EIMbgJpUNnkRtOfOueHznB",
            "api_key is  q8Zr3vK9pX2mL7wT. secret is x",
        ] {
            let whole = found(scan_pieces(&set, false, text, &[]));
            let bytes: Vec<usize> = (1..text.len()).collect();
            assert_eq!(
                found(scan_pieces(&set, false, text, &bytes)),
                whole,
                "{text:?} bytewise"
            );
            for c in 1..text.len() {
                assert_eq!(
                    found(scan_pieces(&set, false, text, &[c])),
                    whole,
                    "{text:?} at {c}"
                );
            }
        }
    }

    #[test]
    fn boring_words_agree_with_the_word_loop() {
        // with and without the run skipper: the same detections, and the same text held
        // after each piece, on text dense in near-misses (letter runs next to digits,
        // capitals, operators, secret names, two-letter words before digit groups)
        let atoms = [
            "a",
            "ab",
            "AB",
            "Ab",
            "I",
            "OK",
            "the",
            "word",
            "Words",
            "therapist",
            "password",
            "token",
            "api",
            "key",
            "EMAIL",
            "AKIAIOSFODNN7EXAMPLE",
            "12",
            "34",
            "56",
            "C",
            "4111",
            "1111",
            "jane@corp.com",
            "1.2.3.4",
            "=",
            ":",
            "?",
            "|",
            ">",
            "=>",
            ".=",
            "+=",
            "string",
            "&str",
            "[]byte",
            "$token",
            "<apiToken>",
            "</password>",
            "<",
            "f(\"api_key\",",
            "('token',",
            "Authorization:",
            "Bearer",
            "Basic",
            "is",
            "is",
            "hunter2",
            "?token=",
            "&",
            "https://",
            "ops:",
            "-u",
            "--user",
            "\"q8Zr3vK9pX2mL7wT\"",
            ",",
            ".",
            "!",
            "'",
            "\"",
            "don't",
            "(",
            "[",
            "]",
            "_",
            "-",
            "1",
            "+44",
            "20",
            "7946",
            "0958",
            "😀",
            "é",
            "\u{a0}",
            " ",
            " ",
            " ",
            "  ",
            "\n",
            "\t",
            "\r",
            "xoxb-",
            "ghp_",
            "abcdefghijklmnop",
            "ABCDEFGHIJKLMNOPQR",
            "[EMAIL_1]",
            "EMAIL_1",
            "QQ",
            "123-45-6789",
            "GB82",
            "WEST",
            "1234",
            "5698",
            "7654",
            "32",
            "020",
            "555",
            "0123",
            "078-05-1120",
            "2.1.0",
            "078051120",
            "2125551234",
            "2125551234",
            "078051120",
        ];
        let mut rand = crate::testing::rand(0x9e37_79b9_7f4a_7c15u64);
        let all = all_kinds();
        let sets = [PiiSet::new(all, 1), PiiSet::new(all, 2)];
        for case in 0..30_000 {
            let mut text = String::new();
            for _ in 0..rand(60) {
                // mostly plain words and spaces, as chat text is
                let atom = if rand(3) == 0 {
                    atoms[rand(atoms.len())]
                } else {
                    // (and the context words of phone and ID numbers, and a secret's name
                    // with `is`, which may assign it: `password is hunter2`)
                    [
                        "the", "word", "Words", "a", "I", " ", " ", "\n", "ab", "call", "order",
                        "Phone", "version", "ssn", "no", "is", "password",
                    ][rand(17)]
                };
                text.push_str(atom);
                if rand(2) == 0 {
                    text.push(' ');
                }
            }
            let mut cuts: Vec<usize> = (0..rand(6)).map(|_| rand(text.len() + 1)).collect();
            cuts.sort_unstable();
            for set in &sets {
                for cs in [&[][..], &cuts[..]] {
                    assert_eq!(
                        scan_pieces(set, false, &text, cs),
                        scan_pieces(set, true, &text, cs),
                        "case {case}: {text:?} cut at {cs:?}"
                    );
                }
            }
        }
    }
}
