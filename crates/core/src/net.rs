//! Where Lyceum's outbound requests may go (webhook deliveries, identity providers): URLs that resolve
//! only to globally routable unicast addresses, unless private targets are allowed.

use std::net::IpAddr;

/// True for addresses a webhook must not reach unless private targets are allowed: everything that is
/// not globally routable unicast (IANA's special-purpose registries). IPv4: this network, private,
/// shared (CGNAT), loopback, link-local, IETF protocol assignments (192.0.0.0/24), documentation,
/// 6to4 relay, benchmarking (198.18.0.0/15), multicast, reserved (240.0.0.0/4) and broadcast. IPv6: only
/// global unicast (2000::/3) may pass, less its special blocks (2001::/23 with Teredo, 2001:db8::/32,
/// 6to4 2002::/16, 3fff::/20); so IPv4-compatible and -mapped forms, NAT64 (64:ff9b::/96), discard,
/// unique-local, link-local, site-local and multicast addresses are all refused.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 192 && o[1] == 88 && o[2] == 99)
                || (o[0] == 198 && (o[1] & 0xfe) == 18)
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let s = v6.segments();
            let global_unicast = (s[0] & 0xe000) == 0x2000;
            !global_unicast
                || (s[0] == 0x2001 && s[1] < 0x0200)
                || (s[0] == 0x2001 && s[1] == 0x0db8)
                || s[0] == 0x2002
                || (s[0] & 0xfff0) == 0x3ff0
        }
    }
}

/// Checks a target URL's form; a host that is a private address (or `localhost`) is refused unless
/// `allow_private`. Names are resolved and checked again at every delivery.
pub fn check_url(url: &str, allow_private: bool) -> std::result::Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must be an http:// or https:// URL")?;
    if url.len() > 2048 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must be a URL of at most 2048 characters without spaces".into());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return Err("must name a host".into());
    }
    if !allow_private {
        let private = host.eq_ignore_ascii_case("localhost")
            || host.to_ascii_lowercase().ends_with(".localhost")
            || host.parse::<IpAddr>().is_ok_and(is_private);
        if private {
            return Err("must not point to a private or loopback address".into());
        }
    }
    Ok(())
}

/// The one message for every destination refused before connecting: whether a name does not resolve or
/// resolves to an internal address is not told, so deliveries cannot map the internal network.
pub const REFUSED: &str = "refused: the destination does not resolve to public internet addresses only";

/// The addresses `url` resolves to, refused when any is not globally routable (unless allowed).
pub async fn resolve(url: &str, allow_private: bool) -> Result<(String, Vec<std::net::SocketAddr>), String> {
    let parsed = reqwest::Url::parse(url).map_err(|_| REFUSED.to_string())?;
    let host = parsed.host_str().ok_or(REFUSED)?.trim_matches(['[', ']']).to_string();
    let port = parsed.port_or_known_default().ok_or(REFUSED)?;
    let addrs: Vec<std::net::SocketAddr> =
        tokio::net::lookup_host((host.as_str(), port)).await.map_err(|_| REFUSED.to_string())?.collect();
    if addrs.is_empty() || (!allow_private && addrs.iter().any(|a| is_private(a.ip()))) {
        return Err(REFUSED.into());
    }
    Ok((host, addrs))
}

/// A client that connects only to `addrs` for `host` (the addresses [`resolve`] checked, so DNS cannot
/// change them between the check and the connection), never through a proxy, and follows no redirect.
pub fn pinned_client(
    host: &str,
    addrs: &[std::net::SocketAddr],
    timeout: std::time::Duration,
    user_agent: &str,
) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .resolve_to_addrs(host, addrs)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .user_agent(user_agent)
        .build()
}
