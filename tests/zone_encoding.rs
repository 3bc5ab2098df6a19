//! The binary zone form: the worked examples of SPEC.md byte for byte, and one test per decode
//! error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use doorcode::zone::{
    ENCODING_VERSION, IANA_CAPACITY, PosixRule, Transition, Zone, ZoneDecodeError, ZoneEncodeError,
    ZoneField, ZoneOffset, max_encoded_len,
};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    let text: String = text.split_whitespace().collect();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn encode<const N: usize>(zone: &Zone<N>) -> Vec<u8> {
    let mut out = vec![0u8; max_encoded_len(N)];
    let len = zone.encode(&mut out).unwrap();
    out.truncate(len);
    out
}

/// SPEC.md's first worked example: New York's rule alone.
const NEW_YORK: &str = "
    01                                  version
    01                                  flags: DST
    03 455354                           EST
    ffffb9b0                            -18000 s
    03 454454                           EDT
    ffffc7c0                            -14400 s
    03 03 02 00   00001c20              M3.2.0 / 7200 s
    03 0b 01 00   00001c20              M11.1.0 / 7200 s
    0000                                no transitions";

/// SPEC.md's second worked example: New York from 2007-03-11, one transition, then the rule.
const NEW_YORK_2007: &str = "
    01 01 03455354 ffffb9b0 03454454 ffffc7c0 03030200 00001c20 030b0100 00001c20
    0001                                one transition
    ffffb9b0 00                         initial: -18000 s, standard
    0000000045f3a8f0 ffffc7c0 01        2007-03-11T07:00:00Z: -14400 s, DST";

fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|line| {
            line.split_whitespace()
                .take_while(|word| word.chars().all(|c| c.is_ascii_hexdigit()))
                .collect::<String>()
        })
        .collect()
}

#[test]
fn worked_example_rule_only() {
    let zone = Zone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap();
    let bytes = encode(&zone);
    assert_eq!(hex(&bytes), strip_comments(NEW_YORK));
    assert_eq!(bytes.len(), 36);
    assert_eq!(bytes[0], ENCODING_VERSION);
    assert_eq!(Zone::<0>::decode(&bytes), Ok(zone));
    assert_eq!(Zone::<4>::decode(&bytes).unwrap().rule(), zone.rule());
}

#[test]
fn worked_example_with_a_transition() {
    let rule = PosixRule::parse("EST5EDT,M3.2.0,M11.1.0").unwrap();
    let initial = ZoneOffset {
        seconds: -18_000,
        is_dst: false,
    };
    let transition = Transition {
        at: 1_173_596_400, // 2007-03-11T07:00:00Z
        offset: -14_400,
        is_dst: true,
    };
    let zone = Zone::<1>::with_transitions(initial, &[transition], rule).unwrap();
    let bytes = encode(&zone);
    assert_eq!(hex(&bytes), strip_comments(NEW_YORK_2007));
    assert_eq!(bytes.len(), 36 + 5 + 13);
    assert_eq!(Zone::<1>::decode(&bytes), Ok(zone));
    assert_eq!(
        Zone::<0>::decode(&bytes),
        Err(ZoneDecodeError::TooManyTransitions {
            count: 1,
            capacity: 0
        })
    );
}

#[test]
fn fixed_zones_and_iana_sizes() {
    let utc = encode(&Zone::UTC);
    assert_eq!(hex(&utc), "010003555443000000000000");
    let india = encode(&Zone::posix("<+0530>-5:30").unwrap());
    assert_eq!(hex(&india), "0100052b3035333000004d580000");
    // IANA zones from 1970 to 2100, as the backend would provision them.
    for (name, transitions) in [
        ("Europe/Dublin", 50),
        ("America/New_York", 75),
        ("Asia/Kolkata", 0),
    ] {
        let zone = Zone::<IANA_CAPACITY>::from_iana(name, 0, 4_102_444_800).unwrap();
        assert_eq!(zone.transitions().len(), transitions, "{name}");
        let bytes = encode(&zone);
        assert_eq!(bytes.len(), zone.encoded_len());
        assert_eq!(Zone::<IANA_CAPACITY>::decode(&bytes), Ok(zone));
    }
}

#[test]
fn encode_needs_room() {
    let zone = Zone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap();
    let mut small = [0u8; 35];
    assert_eq!(
        zone.encode(&mut small),
        Err(ZoneEncodeError::BufferTooSmall { needed: 36 })
    );
}

/// Decodes `text` (hex) as a `Zone<2>`.
fn decode(text: &str) -> Result<Zone<2>, ZoneDecodeError> {
    Zone::<2>::decode(&unhex(text))
}

const EST_HEAD: &str = "01 00 03455354 ffffb9b0";

#[test]
fn decode_errors() {
    use ZoneDecodeError as E;
    use ZoneField as F;
    let bad = |field, offset| E::BadField { field, offset };
    let rule = "01 01 03455354 ffffb9b0 03454454 ffffc7c0 03030200 00001c20 030b0100 00001c20";
    let cases: Vec<(String, ZoneDecodeError)> =
        vec![
        (String::new(), E::Truncated { offset: 0 }),
        ("02".into(), E::UnknownVersion { version: 2 }),
        ("00".into(), E::UnknownVersion { version: 0 }),
        ("01".into(), E::Truncated { offset: 1 }),
        ("01 02 03455354 ffffb9b0 0000".into(), bad(F::Flags, 1)),
        ("01 80 03455354 ffffb9b0 0000".into(), bad(F::Flags, 1)),
        ("01 00 024553 ffffb9b0 0000".into(), bad(F::StdName, 2)),
        (
            "01 00 11 4142434445464748494a4b4c4d4e4f5051 00000000 0000".into(),
            bad(F::StdName, 2),
        ),
        ("01 00 03452a54 ffffb9b0 0000".into(), bad(F::StdName, 2)),
        ("01 00 0545".into(), E::Truncated { offset: 3 }),
        ("01 00 03455354 00015f90 0000".into(), bad(F::StdOffset, 6)), // 90000 s
        ("01 00 03455354 ffffb9".into(), E::Truncated { offset: 6 }),
        (EST_HEAD.to_string(), E::Truncated { offset: 10 }),
        (format!("{EST_HEAD} 00"), E::Truncated { offset: 10 }),
        (format!("{EST_HEAD} 0000 00"), E::TrailingBytes { offset: 12 }),
        (
            "01 01 03455354 ffffb9b0 02 4544 ffffc7c0 03030200 00001c20 030b0100 00001c20 0000"
                .into(),
            bad(F::DstName, 10),
        ),
        (
            "01 01 03455354 ffffb9b0 03454454 7fffffff 03030200 00001c20 030b0100 00001c20 0000"
                .into(),
            bad(F::DstOffset, 14),
        ),
        (
            "01 01 03455354 ffffb9b0 03454454 ffffc7c0 04030200 00001c20 030b0100 00001c20 0000"
                .into(),
            bad(F::StartDate, 18),
        ),
        (
            "01 01 03455354 ffffb9b0 03454454 ffffc7c0 01000000 00001c20 030b0100 00001c20 0000"
                .into(),
            bad(F::StartDate, 18), // J0
        ),
        (
            "01 01 03455354 ffffb9b0 03454454 ffffc7c0 0101 6e00 00001c20 030b0100 00001c20 0000"
                .into(),
            bad(F::StartDate, 18), // J366
        ),
        (
            "01 01 03455354 ffffb9b0 03454454 ffffc7c0 01003c01 00001c20 030b0100 00001c20 0000"
                .into(),
            bad(F::StartDate, 18), // padding
        ),
        (
            "01 01 03455354 ffffb9b0 03454454 ffffc7c0 03030200 00093a80 030b0100 00001c20 0000"
                .into(),
            bad(F::StartTime, 22), // 168 h
        ),
        (
            "01 01 03455354 ffffb9b0 03454454 ffffc7c0 03030200 00001c20 030d0100 00001c20 0000"
                .into(),
            bad(F::EndDate, 26), // M13
        ),
        (
            "01 01 03455354 ffffb9b0 03454454 ffffc7c0 03030200 00001c20 030b0100 fff6c580 0000"
                .into(),
            bad(F::EndTime, 30), // -168 h
        ),
        (rule.to_string(), E::Truncated { offset: 34 }),
        (format!("{rule} 0003"), E::TooManyTransitions { count: 3, capacity: 2 }),
        (format!("{rule} 0001"), E::Truncated { offset: 36 }),
        (format!("{rule} 0001 00015f90 00"), bad(F::InitialOffset, 36)),
        (format!("{rule} 0001 ffffb9b0 02"), bad(F::DstFlag, 40)),
        (
            format!("{rule} 0001 ffffb9b0 00 0000000045f3a8f0 ffffc7c0 02"),
            bad(F::DstFlag, 53),
        ),
        (
            format!("{rule} 0001 ffffb9b0 00 0000000045f3a8f0 00015f90 01"),
            bad(F::TransitionOffset, 49),
        ),
        (
            format!("{rule} 0001 ffffb9b0 00 7fffffffffffffff ffffc7c0 01"),
            bad(F::TransitionInstant, 41),
        ),
        (
            format!("{rule} 0001 ffffb9b0 00 0000000045f3a8f0 ffffc7c0"),
            E::Truncated { offset: 53 },
        ),
        (
            // EST at an instant the rule puts in EDT.
            format!("{rule} 0001 ffffb9b0 00 0000000045f3a8f0 ffffb9b0 00"),
            E::RuleDisagreesWithLastTransition,
        ),
        (
            format!(
                "{rule} 0002 ffffb9b0 00 0000000045f3a8f0 ffffc7c0 01 0000000045f3a8f0 ffffc7c0 01"
            ),
            E::TransitionsNotIncreasing { index: 1 },
        ),
        (
            format!("{rule} 0001 ffffb9b0 00 0000000045f3a8f0 ffffc7c0 01 00"),
            E::TrailingBytes { offset: 54 },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(decode(&text), Err(expected), "{text}");
        assert!(!expected.to_string().is_empty());
    }
    // The valid neighbours of those cases decode.
    assert!(
        decode(&format!(
            "{rule} 0001 ffffb9b0 00 0000000045f3a8f0 ffffc7c0 01"
        ))
        .is_ok()
    );
    assert!(decode(&format!("{EST_HEAD} 0000")).is_ok());
}
