//! Quick start, Rust: bind a card with LianLian (apply, then confirm with the SMS code).
//!
//! Run from the repository root against the mock LianLian (scripts/mock-provider.sh):
//!     LIANLIAN_BASE_URL=http://127.0.0.1:8618 cargo run -p cardbind --example quickstart
//! The README shows the part between the quickstart markers; scripts/test-quickstarts.sh runs it.

use std::error::Error;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{SystemTime, UNIX_EPOCH};

use cardbind::model::transport::{HttpRequest, HttpResponse};

fn main() -> Result<(), Box<dyn Error>> {
    // quickstart:begin
    use cardbind::{providers, rng::SeededRng, Context, OutcomeStatus, Provider};
    use serde_json::json;

    const KEYS: &str = "spec/vectors/keys"; // TEST keys, public in this repository: never for real traffic
    const RISK_ITEM: &str = r#"{"frms_ware_category":"2009","user_info_mercht_userno":"2013051500001"}"#;
    let config = json!({
        "oid_partner": "201408071000001543",
        "sign_type": "RSA",
        "our_private_key": fs::read_to_string(format!("{KEYS}/test-rsa-1024-private-pkcs8.pem"))?,
        "their_public_key": fs::read_to_string(format!("{KEYS}/test-rsa-2048-public-spki.pem"))?,
        // The mock or LianLian's test environment; for production, "environment": "production"
        // instead (https://mpayapi.lianlianpay.com/v1). One of the two is required.
        "base_url": setting("LIANLIAN_BASE_URL", "set it to the mock's URL (./scripts/mock-provider.sh: \
                                                  http://127.0.0.1:8618) or LianLian's test environment"),
    });
    let client = providers::codec_from_config(Provider::LianLian, &config.to_string())?;

    // Core reads neither the OS's randomness nor the clock: pass them in.
    let mut seed = [0u8; 32];
    File::open("/dev/urandom")?.read_exact(&mut seed)?; // or the getrandom crate
    let mut rng = SeededRng::from_seed(seed);
    let now_ms = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis())?;
    let mut ctx = Context::new(&mut rng, Some(now_ms));

    let apply = json!({"user_id": "2013051500001", "card_no": "6222022005001212726",
                       "bind_mob": "13800138000", "acct_name": "张三", "id_type": "0",
                       "id_no": "11010519491231002X", "pay_type": "2", "risk_item": RISK_ITEM});
    let request = client.encode_request("bankcardbind", apply.as_object().ok_or("an object")?, &mut ctx)?;
    // send(): your HTTP client (this file has a std-only one for the plain-http mock). Err: bad signature
    let reply = client.decode_response("bankcardbind", &send(&request)?, &mut ctx)?;
    let OutcomeStatus::CodeSent {
        confirm_token: Some(token),
    } = reply.outcome.status
    else {
        return Err(format!("apply: no code sent ({})", reply.outcome.provider_code).into());
    };
    println!("apply: code_sent {token}");

    let confirm = json!({"user_id": "2013051500001", "token": token,
                         "verify_code": "123456"}); // the SMS code the user typed
    let request = client.encode_request("bankcardbindverfy", confirm.as_object().ok_or("an object")?, &mut ctx)?;
    let reply = client.decode_response("bankcardbindverfy", &send(&request)?, &mut ctx)?;
    match reply.outcome.status {
        OutcomeStatus::Succeeded => println!("confirm: succeeded {}", reply.outcome.provider_code),
        other => println!("confirm: {other:?} {}", reply.outcome.provider_code), // Failed { kind, retryable }...
    }
    // quickstart:end
    Ok(())
}

/// An environment variable the program needs; when it is missing, says what to set and stops.
fn setting(name: &str, what: &str) -> String {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => value,
        _ => {
            eprintln!("{name} is not set: {what}");
            std::process::exit(2)
        }
    }
}

/// One HTTP/1.1 exchange over std's `TcpStream`: plain http, enough for the mock on 127.0.0.1.
/// Real code sends `request` with its HTTP client (reqwest, ureq, hyper...).
fn send(request: &HttpRequest) -> Result<HttpResponse, Box<dyn Error>> {
    let url = request.full_url();
    let rest = url
        .strip_prefix("http://")
        .ok_or("this example speaks plain http only")?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        request.method.as_str(),
        if path.is_empty() { "/" } else { path },
        request.body.len()
    );
    for (name, value) in &request.headers {
        write!(head, "{name}: {value}\r\n")?;
    }
    head.push_str("\r\n");
    let mut stream = TcpStream::connect(host)?;
    stream.write_all(head.as_bytes())?;
    stream.write_all(&request.body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?;
    let (head, body) = raw.split_at(end);
    let head = std::str::from_utf8(head)?;
    let status = head.split(' ').nth(1).ok_or("no status line")?.parse()?;
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    Ok(HttpResponse {
        status,
        headers,
        body: body.get(4..).unwrap_or_default().to_vec(),
    })
}
