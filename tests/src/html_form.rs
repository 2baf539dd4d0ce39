//! Reads the `<form>`s of an HTML page the way a browser submits them: the
//! `action`, the `method`, and the named `<input>` values, with character
//! references decoded; then serializes the submission as
//! `application/x-www-form-urlencoded` (the body of a `form_post` response,
//! OAuth 2.0 Form Post Response Mode §2, or a login form).
//!
//! Enough HTML for the pages of a provider's form_post response and login
//! and consent screens: tags are found by name, attribute values may be
//! double-quoted, single-quoted or bare. Not a general HTML parser.

/// One form of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    /// The `action` attribute, decoded (empty when absent).
    pub action: String,
    /// The `method` attribute, lower-cased (`get` when absent).
    pub method: String,
    /// The named inputs in document order: `(name, value, type)`.
    pub inputs: Vec<(String, String, String)>,
}

impl Form {
    /// The value of the first input called `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.inputs
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, _)| v.as_str())
    }

    /// Sets (or adds) a text input, as a user typing into the field.
    pub fn fill(&mut self, name: &str, value: &str) {
        match self.inputs.iter_mut().find(|(n, _, _)| n == name) {
            Some(input) => input.1 = value.to_string(),
            None => self
                .inputs
                .push((name.to_string(), value.to_string(), "text".to_string())),
        }
    }

    /// The body a browser posts: every named input, in order, form-encoded
    /// (space as `+`, everything but `*-._` and alphanumerics escaped).
    pub fn body(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.inputs.iter().map(|(n, v, _)| (n, v)))
            .finish()
    }
}

/// Every form in `html`, in document order. Inputs outside any form are
/// ignored; a form without `</form>` runs to the end of the page.
pub fn forms(html: &str) -> Vec<Form> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some((attrs, after)) = next_tag(rest, "form") {
        let end = find_ascii_ci(after, "</form").unwrap_or(after.len());
        let (inner, tail) = after.split_at(end);
        let mut form = Form {
            action: attribute(attrs, "action").unwrap_or_default(),
            method: attribute(attrs, "method")
                .unwrap_or_else(|| "get".to_string())
                .to_ascii_lowercase(),
            inputs: Vec::new(),
        };
        let mut fields = inner;
        while let Some((input, after_input)) = next_tag(fields, "input") {
            if let Some(name) = attribute(input, "name") {
                let kind = attribute(input, "type")
                    .unwrap_or_else(|| "text".to_string())
                    .to_ascii_lowercase();
                // Unchecked boxes and buttons are not submitted.
                if !matches!(kind.as_str(), "submit" | "button" | "checkbox" | "radio") {
                    form.inputs
                        .push((name, attribute(input, "value").unwrap_or_default(), kind));
                }
            }
            fields = after_input;
        }
        out.push(form);
        rest = tail;
    }
    out
}

/// The first `href` of an `<a>` whose text or href contains `needle`.
pub fn link_containing(html: &str, needle: &str) -> Option<String> {
    let mut rest = html;
    while let Some((attrs, after)) = next_tag(rest, "a") {
        let text_end = find_ascii_ci(after, "</a").unwrap_or(after.len());
        let href = attribute(attrs, "href");
        let text = after.get(..text_end).unwrap_or("");
        if let Some(href) = href
            && (href.contains(needle) || text.contains(needle))
        {
            return Some(href);
        }
        rest = after;
    }
    None
}

/// Finds the next `<name …>` tag: its attribute text and what follows it.
fn next_tag<'h>(html: &'h str, name: &str) -> Option<(&'h str, &'h str)> {
    let mut from = 0;
    loop {
        let rest = html.get(from..)?;
        let start = from + find_ascii_ci(rest, &format!("<{name}"))?;
        let after_name = start + 1 + name.len();
        let next = html.as_bytes().get(after_name).copied();
        if matches!(
            next,
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>') | None
        ) {
            let close = html.get(after_name..)?.find('>')? + after_name;
            let attrs = html.get(after_name..close)?;
            return Some((attrs, html.get(close + 1..)?));
        }
        from = after_name;
    }
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The decoded value of attribute `name` in a tag's attribute text.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let key_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=/>".contains(&bytes[i]) {
            i += 1;
        }
        let key = &attrs[key_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let (start, end) = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    let end = attrs[start..]
                        .find(char::from(q))
                        .map_or(attrs.len(), |e| start + e);
                    i = (end + 1).min(attrs.len());
                    (start, end)
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    (start, i)
                }
            };
            value = Some(decode_references(&attrs[start..end]));
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(value.unwrap_or_default());
        }
        if key.is_empty() {
            i += 1;
        }
    }
    None
}

/// Decodes the character references a provider's templates write
/// (`&amp; &lt; &gt; &quot; &#39; &apos; &#NN; &#xNN;`); others stay as they are.
pub fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let decoded = after.find(';').and_then(|semi| {
            let entity = &after[1..semi];
            let ch = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity.strip_prefix('#').and_then(|num| {
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            ch.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_auto_submitting_form_post_page() {
        let page = r#"<!DOCTYPE html><html><head><script>document.forms[0].submit()</script></head>
<body><FORM method="POST" action="https://rp.example.test/cb?a=1&amp;b=2">
<input type="hidden" name="id_token" value="eyJ.e30.c2ln"/>
<input type='hidden' name='state' value='a&#39;b&quot;c &lt;d&gt; &#x41;'/>
<input type=hidden name=iss value=https://op.example>
<noscript><button autofocus type="submit">Continue</button></noscript></FORM>
<form action="/other"><input name="x"></form></body></html>"#;
        let forms = forms(page);
        assert_eq!(forms.len(), 2);
        let f = &forms[0];
        assert_eq!(f.action, "https://rp.example.test/cb?a=1&b=2");
        assert_eq!(f.method, "post");
        assert_eq!(f.value("state"), Some("a'b\"c <d> A"));
        assert_eq!(f.value("iss"), Some("https://op.example"));
        assert_eq!(
            f.body(),
            "id_token=eyJ.e30.c2ln&state=a%27b%22c+%3Cd%3E+A&iss=https%3A%2F%2Fop.example"
        );
        assert_eq!(forms[1].method, "get");
        assert_eq!(forms[1].value("x"), Some(""));
    }

    #[test]
    fn fills_a_login_form_and_finds_links() {
        let page = r#"<form autocomplete="off" action="/interaction/u1" method="post">
<input type="hidden" name="prompt" value="login"/>
<input required type="text" name="login" placeholder="Enter any login" autofocus="on">
<input required type="password" name="password" placeholder="and password" >
<button type="submit">Sign-in</button></form>
<a href="/interaction/u1/abort">[ Cancel ]</a><a href="/x">Other</a>"#;
        let mut form = forms(page).remove(0);
        form.fill("login", "alice");
        form.fill("password", "any thing");
        assert_eq!(form.body(), "prompt=login&login=alice&password=any+thing");
        assert_eq!(
            link_containing(page, "abort").as_deref(),
            Some("/interaction/u1/abort")
        );
        assert_eq!(
            link_containing(page, "Cancel").as_deref(),
            Some("/interaction/u1/abort")
        );
        assert_eq!(link_containing(page, "nothing"), None);
    }

    #[test]
    fn leaves_unknown_references_alone() {
        assert_eq!(
            decode_references("a &b; &#xZZ; &amp c&lt;"),
            "a &b; &#xZZ; &amp c<"
        );
        assert_eq!(decode_references("&#128512;"), "\u{1F600}");
    }
}
