//! A very small "browser" for the end-to-end tests: HTTP/1.1 over a plain
//! `TcpStream` to a provider on loopback, a cookie jar that honours `Path`
//! and deletion, and no automatic redirects (the test follows them one by
//! one, so it can stop at the redirect to the app and read its fragment).
//!
//! Only `http://127.0.0.1:PORT` and `http://localhost:PORT` URLs are
//! fetched: the end-to-end tests never leave the machine.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// How long one request may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(20);

/// A response: status, headers (names lower-cased, in order) and body.
#[derive(Clone, Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Every header line, name lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body, decoded from `chunked` when needed.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Whether this is a redirect (3xx with a `Location`).
    pub fn is_redirect(&self) -> bool {
        (300..400).contains(&self.status) && self.header("location").is_some()
    }
}

/// One cookie: the jar keys cookies by `(name, path)`, as RFC 6265 §5.3 does
/// for one host.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Cookie {
    name: String,
    value: String,
    path: String,
}

/// A browser session: its cookies for the one loopback origin.
#[derive(Clone, Debug, Default)]
pub struct Browser {
    cookies: Vec<Cookie>,
    /// Every request made, `METHOD url`, for failure messages.
    pub history: Vec<String>,
}

/// A parsed `http://host:port/path?query` URL on loopback.
struct Target {
    host: String,
    port: u16,
    path: String,
}

fn target(url: &str) -> Result<Target, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("{url}: only http:// on loopback is fetched"))?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = authority
        .rsplit_once(':')
        .ok_or_else(|| format!("{url}: no port"))?;
    if host != "127.0.0.1" && host != "localhost" {
        return Err(format!(
            "{url}: not loopback; the end-to-end tests stay on this machine"
        ));
    }
    let path = path.split('#').next().unwrap_or("");
    Ok(Target {
        host: host.to_string(),
        port: port.parse().map_err(|e| format!("{url}: port: {e}"))?,
        path: if path.is_empty() {
            "/".to_string()
        } else {
            path.to_string()
        },
    })
}

/// Resolves `location` against `base` (absolute URL, absolute path, or
/// relative to the base's directory).
pub fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") || location.contains(':') && !location.starts_with('/') {
        return location.to_string();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let origin_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let origin = &base[..origin_end];
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let path = base[origin_end..].split(['?', '#']).next().unwrap_or("/");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{origin}{dir}{location}")
}

impl Browser {
    /// A browser with no cookies.
    pub fn new() -> Self {
        Self::default()
    }

    /// `GET url`.
    pub fn get(&mut self, url: &str) -> Result<Response, String> {
        self.request("GET", url, None)
    }

    /// `POST url` with a form body.
    pub fn post_form(&mut self, url: &str, body: &str) -> Result<Response, String> {
        self.request("POST", url, Some(body))
    }

    /// Whether the jar holds a cookie called `name`.
    pub fn has_cookie(&self, name: &str) -> bool {
        self.cookies.iter().any(|c| c.name == name)
    }

    /// Forgets every cookie (a fresh browser profile).
    pub fn clear_cookies(&mut self) {
        self.cookies.clear();
    }

    fn cookie_header(&self, path: &str) -> String {
        let path = path.split('?').next().unwrap_or("/");
        let mut matching: Vec<&Cookie> = self
            .cookies
            .iter()
            .filter(|c| path_matches(path, &c.path))
            .collect();
        // RFC 6265 §5.4: longer paths first.
        matching.sort_by_key(|c| std::cmp::Reverse(c.path.len()));
        matching
            .iter()
            .map(|c| format!("{}={}", c.name, c.value))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn store(&mut self, set_cookie: &str, request_path: &str) {
        let mut parts = set_cookie.split(';');
        let Some((name, value)) = parts.next().and_then(|nv| nv.trim().split_once('=')) else {
            return;
        };
        let mut path = default_path(request_path);
        let mut delete = false;
        for attr in parts {
            let (k, v) = attr.trim().split_once('=').unwrap_or((attr.trim(), ""));
            match k.to_ascii_lowercase().as_str() {
                "path" if v.starts_with('/') => path = v.to_string(),
                "max-age" => delete |= v.trim().parse::<i64>().is_ok_and(|s| s <= 0),
                // Providers delete with an epoch date; nothing here sets
                // other past dates.
                "expires" => delete |= v.contains("1970"),
                _ => {}
            }
        }
        self.cookies
            .retain(|c| !(c.name == name.trim() && c.path == path));
        if !delete {
            self.cookies.push(Cookie {
                name: name.trim().to_string(),
                value: value.trim().to_string(),
                path,
            });
        }
    }

    fn request(&mut self, method: &str, url: &str, body: Option<&str>) -> Result<Response, String> {
        let t = target(url)?;
        self.history.push(format!("{method} {url}"));
        let mut stream = TcpStream::connect((t.host.as_str(), t.port))
            .map_err(|e| format!("connect {url}: {e}"))?;
        stream
            .set_read_timeout(Some(TIMEOUT))
            .map_err(|e| e.to_string())?;
        stream
            .set_write_timeout(Some(TIMEOUT))
            .map_err(|e| e.to_string())?;
        let mut head = format!(
            "{method} {} HTTP/1.1\r\nHost: {}:{}\r\nConnection: close\r\nAccept: text/html,application/json\r\nUser-Agent: oidc-implicit-e2e\r\n",
            t.path, t.host, t.port
        );
        let cookies = self.cookie_header(&t.path);
        if !cookies.is_empty() {
            head.push_str(&format!("Cookie: {cookies}\r\n"));
        }
        if let Some(body) = body {
            head.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body.unwrap_or("").as_bytes()))
            .map_err(|e| format!("send {url}: {e}"))?;
        let response = read_response(stream).map_err(|e| format!("{method} {url}: {e}"))?;
        for (name, value) in &response.headers {
            if name == "set-cookie" {
                self.store(value, &t.path);
            }
        }
        Ok(response)
    }
}

fn path_matches(request: &str, cookie: &str) -> bool {
    request == cookie
        || request.starts_with(cookie)
            && (cookie.ends_with('/') || request.as_bytes().get(cookie.len()) == Some(&b'/'))
}

fn default_path(request_path: &str) -> String {
    let path = request_path.split('?').next().unwrap_or("/");
    match path.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(i) => path[..i].to_string(),
    }
}

fn read_response(stream: TcpStream) -> Result<Response, String> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|e| e.to_string())?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {line:?}"))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((n, v)) = l.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line).map_err(|e| e.to_string())?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|e| format!("chunk size {line:?}: {e}"))?;
            if size == 0 {
                break;
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).map_err(|e| e.to_string())?;
            chunk.truncate(size);
            body.extend_from_slice(&chunk);
        }
    } else if let Some(len) = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        body.resize(len, 0);
        reader.read_exact(&mut body).map_err(|e| e.to_string())?;
    } else {
        reader.read_to_end(&mut body).map_err(|e| e.to_string())?;
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_jar_honours_path_and_deletion() {
        let mut b = Browser::new();
        b.store(
            "_session=s1; path=/; expires=Thu, 01 Jan 2099 00:00:00 GMT; samesite=lax; httponly",
            "/auth",
        );
        b.store("_interaction=i1; path=/interaction/u1; httponly", "/auth");
        b.store("_interaction_resume=r1; path=/auth/u1", "/interaction/u1");
        b.store("plain=p", "/interaction/u1/x");
        assert_eq!(b.cookie_header("/auth?x=1"), "_session=s1");
        // Same path length: creation order (RFC 6265 §5.4 step 2).
        assert_eq!(
            b.cookie_header("/interaction/u1"),
            "_interaction=i1; plain=p; _session=s1"
        );
        assert_eq!(
            b.cookie_header("/interaction/u1/abort"),
            "_interaction=i1; plain=p; _session=s1"
        );
        assert_eq!(b.cookie_header("/interaction/u10"), "_session=s1");
        assert_eq!(
            b.cookie_header("/auth/u1"),
            "_interaction_resume=r1; _session=s1"
        );
        b.store(
            "_interaction_resume=; path=/auth/u1; expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "/auth/u1",
        );
        b.store("_session=s2; path=/", "/");
        assert_eq!(b.cookie_header("/auth/u1"), "_session=s2");
        b.store("_session=; path=/; max-age=0", "/");
        assert!(!b.has_cookie("_session"));
    }

    #[test]
    fn resolves_locations_and_refuses_remote_urls() {
        let base = "http://127.0.0.1:4000/auth?x=1";
        assert_eq!(
            resolve(base, "/interaction/abc"),
            "http://127.0.0.1:4000/interaction/abc"
        );
        assert_eq!(
            resolve(base, "https://rp.example/cb#a=b"),
            "https://rp.example/cb#a=b"
        );
        assert_eq!(
            resolve(base, "com.example.app:/cb#a"),
            "com.example.app:/cb#a"
        );
        assert_eq!(
            resolve("http://127.0.0.1:4000/a/b", "c"),
            "http://127.0.0.1:4000/a/c"
        );
        assert!(target("https://example.org/").is_err());
        assert!(target("http://example.org:80/").is_err());
        let t = target("http://127.0.0.1:4000").unwrap();
        assert_eq!((t.port, t.path.as_str()), (4000, "/"));
    }

    #[test]
    fn reads_chunked_and_sized_bodies() {
        use std::net::TcpListener;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            for reply in [
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: a=1; path=/\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                "HTTP/1.1 303 See Other\r\nLocation: /next\r\nContent-Length: 2\r\n\r\nok",
            ] {
                let (mut conn, _) = listener.accept().unwrap();
                let mut buf = [0u8; 4096];
                let n = conn.read(&mut buf).unwrap();
                let request = String::from_utf8_lossy(&buf[..n]).to_string();
                conn.write_all(reply.as_bytes()).unwrap();
                drop(conn);
                if reply.contains("303") {
                    assert!(request.contains("Cookie: a=1"), "{request}");
                }
            }
        });
        let mut b = Browser::new();
        let first = b.get(&format!("http://127.0.0.1:{port}/x")).unwrap();
        assert_eq!((first.status, first.text().as_str()), (200, "hello world"));
        let second = b
            .post_form(&format!("http://127.0.0.1:{port}/y"), "k=v")
            .unwrap();
        assert!(second.is_redirect());
        assert_eq!(second.header("location"), Some("/next"));
        assert_eq!(second.text(), "ok");
        server.join().unwrap();
    }
}
