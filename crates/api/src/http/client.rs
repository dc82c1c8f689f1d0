//! The client's address, behind a load balancer too (issue 22).
//!
//! Without `LYCEUM_TRUSTED_PROXIES` the peer of the TCP connection is the client. With it, a request
//! whose peer is one of the trusted proxies names its client in `X-Forwarded-For` (HAProxy's
//! `option forwardfor`, nginx's `proxy_add_x_forwarded_for`): the address is the right-most entry
//! that is not itself a trusted proxy, so a client cannot pick its own address by sending the header
//! (what it sends is to the left of what the proxy appends). A header from a peer that is not
//! trusted is ignored.
//!
//! The outermost layer ([`ResolveClient`]) resolves the address once per request; the rate limits
//! and the audit trail read it with [`current`].

use std::net::IpAddr;

use ipnet::IpNet;
use poem::{Addr, Endpoint, Middleware, Request};

tokio::task_local! {
    static CLIENT: Option<IpAddr>;
}

/// The address of the client of the request being served, if known.
pub fn current() -> Option<IpAddr> {
    CLIENT.try_with(|c| *c).ok().flatten()
}

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses `LYCEUM_TRUSTED_PROXIES`: addresses or networks, comma- or space-separated.
    pub fn parse(list: Option<&str>) -> anyhow::Result<Self> {
        let mut nets = Vec::new();
        for item in list.unwrap_or("").split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()) {
            let net = match item.parse::<IpNet>() {
                Ok(net) => net,
                Err(_) => item.parse::<IpAddr>().map(IpNet::from).map_err(|_| {
                    anyhow::anyhow!("LYCEUM_TRUSTED_PROXIES: `{item}` is neither an IP address nor a network")
                })?,
            };
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The client of a request from `peer` that carries `forwarded_for` (every `X-Forwarded-For`
    /// header, in order).
    pub fn client<'a>(&self, peer: Option<IpAddr>, forwarded_for: impl Iterator<Item = &'a str>) -> Option<IpAddr> {
        let peer = peer.map(canonical)?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        let hops: Vec<&str> = forwarded_for.flat_map(|h| h.split(',')).map(str::trim).collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            // An entry that does not parse ends the walk: nothing to its left can be believed.
            let Some(ip) = parse_hop(hop) else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        Some(client)
    }
}

/// One `X-Forwarded-For` entry: an address, possibly in brackets or with a port.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    hop.parse::<std::net::SocketAddr>().ok().map(|a| canonical(a.ip()))
}

/// IPv4-mapped IPv6 addresses count as the IPv4 address.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        ip => ip,
    }
}

/// Resolves the client's address for everything the request runs.
pub struct ResolveClient(pub std::sync::Arc<TrustedProxies>);

impl<E: Endpoint> Middleware<E> for ResolveClient {
    type Output = ResolveClientEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        ResolveClientEndpoint { inner, trusted: self.0.clone() }
    }
}

pub struct ResolveClientEndpoint<E> {
    inner: E,
    trusted: std::sync::Arc<TrustedProxies>,
}

impl<E: Endpoint> Endpoint for ResolveClientEndpoint<E> {
    type Output = E::Output;

    async fn call(&self, req: Request) -> poem::Result<Self::Output> {
        let peer = match req.remote_addr().0 {
            Addr::SocketAddr(a) => Some(a.ip()),
            _ => None,
        };
        let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        let client = self.trusted.client(peer, forwarded);
        CLIENT.scope(client, self.inner.call(req)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_trusted_peers_name_the_client() {
        let none = TrustedProxies::parse(None).unwrap();
        assert_eq!(none.client(Some(ip("203.0.113.9")), ["198.51.100.1"].into_iter()), Some(ip("203.0.113.9")));
        let t = TrustedProxies::parse(Some("127.0.0.1, 10.0.0.0/8")).unwrap();
        // From the proxy: the right-most untrusted entry.
        assert_eq!(t.client(Some(ip("127.0.0.1")), ["198.51.100.1"].into_iter()), Some(ip("198.51.100.1")));
        // A client that sends its own header cannot choose: the proxy appended the real one.
        assert_eq!(t.client(Some(ip("127.0.0.1")), ["6.6.6.6, 198.51.100.1"].into_iter()), Some(ip("198.51.100.1")));
        // Chains of trusted proxies are walked; several headers count as one list.
        assert_eq!(
            t.client(Some(ip("127.0.0.1")), ["6.6.6.6, 198.51.100.1", "10.1.2.3"].into_iter()),
            Some(ip("198.51.100.1"))
        );
        // Not from a trusted peer: the header is ignored.
        assert_eq!(t.client(Some(ip("192.0.2.7")), ["198.51.100.1"].into_iter()), Some(ip("192.0.2.7")));
        // From the proxy without a header (a health check): the proxy itself.
        assert_eq!(t.client(Some(ip("127.0.0.1")), std::iter::empty()), Some(ip("127.0.0.1")));
        // Garbage stops the walk at the last address believed; ports and brackets are read.
        assert_eq!(t.client(Some(ip("127.0.0.1")), ["nonsense, 10.0.0.2"].into_iter()), Some(ip("10.0.0.2")));
        assert_eq!(t.client(Some(ip("127.0.0.1")), ["[2001:db8::1]:443"].into_iter()), Some(ip("2001:db8::1")));
        // IPv4-mapped peers match IPv4 networks.
        assert_eq!(t.client(Some(ip("::ffff:127.0.0.1")), ["198.51.100.1"].into_iter()), Some(ip("198.51.100.1")));
        assert!(TrustedProxies::parse(Some("not-an-address")).is_err());
    }
}
