//! Help texts.

/// `doorcode help`.
pub const MAIN: &str = "\
doorcode - offline door codes for smart locks (daily codes via FF1, keys via HKDF-SHA256)

usage:
  doorcode keys derive    derive a door's keys from the site secret
  doorcode daily issue    issue a daily or single-use code for a door and date
  doorcode daily verify   check a typed code as the lock would
  doorcode daily explain  verify, showing candidate dates, odds and policy
  doorcode daily batch    issue codes for many doors and days at once (CSV)
  doorcode odds           guessing odds of a daily-code policy (and stored permanent codes)
  doorcode permanent      a person's permanent code at a door or the communal doors
  doorcode lock           build a signed door update; decode a lock's persisted state
  doorcode tz             inspect a time zone: local times, day lengths, gaps and folds
  doorcode schedule       build, encode and evaluate access schedules (opening hours)
  doorcode credential     mobile credentials: issue, show, delegate, challenge, answer, verify
  doorcode vectors        generate or check the JSON test vectors
  doorcode demo           walk through issuing and verifying (insecure demo key)
  doorcode help [COMMAND] show help for a command (or: doorcode COMMAND --help)

Keys are secrets. Prefer the environment over the command line so they stay out of shell
history and process listings: DOORCODE_SITE_KEY (site secret) or DOORCODE_DOOR_KEY (door key).

exit status: 0 success / code accepted; 1 code rejected, vectors differ or policy refused;
2 bad usage or input.
";

/// Shared description of key, door and policy options.
const KEY_HELP: &str = "\
key and door:
  --site-key HEX       site secret, 16..=64 bytes (hex; padded base64 also accepted)
  --door-key HEX       the door's 32-byte key (hex, or padded base64 when not hex)
                       default: $DOORCODE_DOOR_KEY, else $DOORCODE_SITE_KEY; using the
                       environment keeps keys out of shell history
  --door ID            door id as UTF-8 text, 1..=32 bytes
  --door-hex HEX       door id as hex, for binary ids
";

const POLICY_HELP: &str = "\
policy (must match the lock's configuration):
  --digits N           code length, 6..=12 (default 7)
  --daily-slots N      daily codes per issuer per day (default 100)
  --single-use-slots N single-use codes per issuer per day (default 100)
  --grace SECONDS      clock-drift grace around local midnight (default 900, max 21600)
";

const ZONE_HELP: &str = "\
door time zone (default UTC):
  --zone ZONE          a POSIX TZ string (EST5EDT,M3.2.0,M11.1.0), an IANA name
                       (America/New_York), hex:<encoding>, or a fixed offset such as -05:00
  --utc-offset ±HH:MM  a fixed UTC offset, e.g. +01:00, -05:00, +05:45
  --utc-offset-seconds N  the same in seconds east of UTC
";

/// Help of `doorcode keys derive`.
pub fn keys() -> String {
    format!(
        "\
doorcode keys derive - print a door's key, an issuer's key and its daily-code key

usage: doorcode keys derive (--site-key HEX | --door-key HEX) (--door ID | --door-hex HEX)
                            [--issuer N] [--epoch N]

The door key is what the lock is provisioned with; the issuer key is what a partner (issuer N)
receives to issue codes for this door offline; bumping --epoch replaces it.

{KEY_HELP}
issuer:
  --issuer N           issuer id (0 = the property's own backend; default 0)
  --epoch N            the issuer's key epoch at this door (default 0)
"
    )
}

/// Help of `doorcode daily issue`.
pub fn daily_issue() -> String {
    format!(
        "\
doorcode daily issue - issue a daily door code

usage: doorcode daily issue KEY DOOR --date YYYY-MM-DD (--slot N | --all)
                            [--kind daily|single-use] [--issuer N] [--epoch N] [POLICY]

Prints the code for one slot, or with --all a table of every slot of the day (both kinds
unless --kind is given). Without --date, today's date in the door's zone (--utc-offset).

  --date YYYY-MM-DD    the local calendar date the code is valid on
  --slot N             the slot (guest number) within the day, 0-based
  --kind KIND          daily (works all day, default) or single-use
  --all                print every slot instead of one
  --issuer N           issuer id (default 0)
  --epoch N            the issuer's key epoch (default 0)

{KEY_HELP}
{POLICY_HELP}
{ZONE_HELP}"
    )
}

/// Help of `doorcode daily verify` and `explain`.
pub fn daily_verify(explain: bool) -> String {
    let (name, what) = if explain {
        (
            "explain",
            "verify a code and show how: the candidate dates tried, the guessing odds at that\n\
             instant and the policy",
        )
    } else {
        ("verify", "check a typed code as the door's lock would")
    };
    format!(
        "\
doorcode daily {name} - {what}

usage: doorcode daily {name} CODE KEY DOOR [--now TIME] [--utc-offset ±HH:MM]
                             [--issuers LIST] [POLICY]

Prints 'accepted date=.. slot=.. kind=.. issuer=..' (exit 0) or 'rejected: REASON' (exit 1).
CODE may contain spaces and dashes, as people type it.

  --now TIME           RFC 3339 (2026-11-22T09:30:00Z, 2026-11-22T10:30:00+01:00) or unix
                       seconds; default: the current time
  --issuers LIST       issuers enabled at the door with their epochs, issuer:epoch,...
                       (default 0:0; at most 8)
  --issuer N --epoch N shorthand for --issuers N:N

{KEY_HELP}
{POLICY_HELP}
{ZONE_HELP}"
    )
}

/// Help of `doorcode odds`.
pub fn odds() -> String {
    format!(
        "\
doorcode odds - the probability that one random entry opens the door

usage: doorcode odds [POLICY] [--issuers N] [--permanent-codes M [--permanent-digits N]]

Prints the worst-case odds (an instant within the grace of local midnight, when two days'
codes are valid) and the mid-day odds, the expected number of random entries until one is
accepted, and whether the policy is within the library's ceiling of 1 in 10000. A refused
policy exits with status 1.

  --issuers N          number of issuers enabled at the door (default 1)
  --permanent-codes M  the door also stores M permanent codes: prints the door's combined
                       odds (SPEC 14.7: codes of one length add up, the worst length counts)
                       and checks them against the ceiling as well
  --permanent-digits N length of those codes, 6..=12 (default: the policy's --digits)

{POLICY_HELP}"
    )
}

/// Help of `doorcode permanent derive`.
pub fn permanent() -> String {
    "\
doorcode permanent derive - a person's permanent code (SPEC section 14)

usage: doorcode permanent derive --site-key HEX (--person TEXT | --person-hex HEX)
                                 (--door ID | --door-hex HEX | --common)
                                 [--generation N] [--digits N]
                                 [--taken CODE,CODE,... | --attempt N]

Resolves the code as the backend does: the first of attempts 0..=63 whose candidate is not
among the --taken codes (those already stored at the door, or at any communal door for
--common). Prints the code and the attempt. The backend stores the attempt with the code,
re-derives the code from it (--attempt N) and never re-resolves an issued code; the attempt
is never shown to the person. All 64 candidates taken exits with status 1.

  --site-key HEX       site secret, 16..=64 bytes (hex; padded base64 also accepted);
                       default $DOORCODE_SITE_KEY. A door key cannot derive permanent codes.
  --person TEXT        person id as UTF-8 text, 1..=32 bytes
  --person-hex HEX     person id as hex (a UUID's 16 bytes, a u64be database number, ...)
  --door ID            a per-door code for this door (UTF-8 text, 1..=32 bytes)
  --door-hex HEX       the same with the door id as hex
  --common             the person's common code for the site's communal doors
  --generation N       the code's generation, bumped to replace it (default 0)
  --digits N           code length, 6..=12 (default 7)
  --taken CODES        comma-separated codes already taken (each of --digits digits)
  --attempt N          re-derive the code of a stored attempt (0..=63) instead of resolving
"
    .to_owned()
}

/// Help of `doorcode lock`.
pub const LOCK: &str = "\
doorcode lock - door updates and lock state (SPEC section 15)

usage: doorcode lock update build --door-key HEX (--door ID | --door-hex HEX) --counter N
                                  --issued-at T [--issuer ID:EPOCH ...]
                                  [--permanent CODE:PERSON[:NOT_BEFORE:NOT_AFTER] ...]
       doorcode lock state decode --door-key HEX (--door ID | --door-hex HEX) STATE_HEX

update build prints, as hex, the signed door update (15.7) of the factory configuration
(15.2) with the given issuers and permanent codes, for provisioning tools. state decode checks
a persisted state (15.8) with the door key and prints its counters, lockout and single-use
records.

  --door-key HEX       the door's 32-byte key (hex, or padded base64); default
                       $DOORCODE_DOOR_KEY
  --door ID            door id as UTF-8 text, 1..=32 bytes (--door-hex HEX for binary ids)
  --counter N          the update's counter, above the last one the lock applied (>= 1)
  --issued-at T        unix seconds or RFC 3339; becomes the lock's last trusted instant
  --issuer ID:EPOCH    an enabled issuer (repeatable, or comma-separated); default 0:0
  --permanent SPEC     a permanent code CODE:PERSON (always valid) or
                       CODE:PERSON:NOT_BEFORE:NOT_AFTER (unix seconds, [nb, na));
                       repeatable. PERSON is the backend's numeric person id.
";

/// Help of `doorcode vectors`.
pub const VECTORS: &str = "\
doorcode vectors - the language-neutral JSON test vectors

usage: doorcode vectors generate [--dir DIR]
       doorcode vectors check [--dir DIR]

generate writes the vector files into DIR (default: ./vectors); check regenerates them in
memory and compares them byte for byte with the files in DIR, naming any that differ
(exit status 1).
";

/// Help of `doorcode demo`.
pub const DEMO: &str = "\
doorcode demo - issue and verify today's codes for a demo door

usage: doorcode demo

Uses a built-in, publicly known site secret (INSECURE: never use it for a real door) and
door 'demo-door' at UTC+01:00. Issues today's codes, verifies them, and shows what is rejected.
Then issues a phone credential, delegates it to a guest and presents both at the demo door
over a simulated BLE challenge-response, showing that a replayed answer is refused.
";

/// Help of `doorcode tz`.
pub const TZ: &str = "\
doorcode tz - inspect a door's time zone (SPEC 5.1)

usage: doorcode tz show ZONE [--at INSTANT]
       doorcode tz local ZONE INSTANT
       doorcode tz day ZONE YYYY-MM-DD
       doorcode tz resolve ZONE YYYY-MM-DDTHH:MM[:SS] [--choice compatible|earlier|later|reject]
       doorcode tz encode ZONE
       doorcode tz decode HEX

ZONE is a POSIX TZ string (EST5EDT,M3.2.0,M11.1.0; <+0530>-5:30), an IANA name
(America/New_York, built from the bundled tzdb for one year before now to 20 years after), or
hex:<binary encoding>. INSTANT is RFC 3339 (2026-11-22T09:30:00Z) or unix seconds.

  show     the rule, explicit transitions, local time and offset at INSTANT (default now) and
           the next offset change
  local    the local date-time and offset at INSTANT
  day      the UTC bounds [start, end) of a local date and its length, or that it does not occur
  resolve  a local date-time as an instant, saying whether it is in a gap or fold; --choice
           picks the instant (default compatible, as jiff and Temporal); reject exits 1 on a
           gap or fold
  encode   the binary encoding, hex
  decode   describe a binary encoding
";

/// Help of `doorcode schedule`.
pub const SCHEDULE: &str = "\
doorcode schedule - access schedules: weekly windows and holiday exceptions (SPEC 13)

usage: doorcode schedule encode SCHEDULE
       doorcode schedule show SCHEDULE
       doorcode schedule check SCHEDULE --zone ZONE [--at INSTANT]
       doorcode schedule next SCHEDULE --zone ZONE [--at INSTANT]
       doorcode schedule week SCHEDULE --zone ZONE [--from YYYY-MM-DD] [--half-hours]

SCHEDULE is either --hex HEX (the binary encoding, SPEC 13.6) or built from these options,
each of which may be repeated:
  --window DAYS/HH:MM-HH:MM   a weekly window: DAYS is mon-fri, mon,wed,fri, sat, fri-mon,
                              daily (or all), weekdays, weekend; the end may be 24:00; an end
                              at or before the start runs overnight into the next day
                              (22:00-06:00; 09:00-09:00 is 24 hours)
  --deny FIRST..LAST          closed on the local dates FIRST..=LAST (YYYY-MM-DD; one date
                              alone is allowed); also cancels windows starting on them
  --replace FIRST..LAST=HH:MM-HH:MM[,HH:MM-HH:MM]
                              other hours on those dates (at most 4 ranges; nothing after '='
                              means no hours)
Deny beats replace beats the windows. At most 16 windows and 16 exceptions.

ZONE is a POSIX TZ string (EST5EDT,M3.2.0,M11.1.0), an IANA name (America/New_York) or
hex:<encoding>, as for 'doorcode tz'. INSTANT is RFC 3339 (2026-11-23T14:00:00Z) or unix
seconds; default now.

  encode   the binary encoding, hex
  show     the windows and exceptions in words, and the encoding and its size
  check    'allowed' (exit 0) or 'denied' and why (exit 1) at INSTANT, with the local time
  next     the next change within 400 days: 'opens at ...' or 'closes at ...' (local time,
           then unix seconds), or 'no change within 400 days'
  week     a grid of the week (Monday to Sunday) containing --from (default today in ZONE):
           one row per day, one column per hour (per half hour with --half-hours), '#' open
           and '.' closed at the middle of each cell by the wall clock
";

/// Help of `doorcode credential`.
pub const CREDENTIAL: &str = "\
doorcode credential - mobile (BLE) credentials: sealed, delegable, revocable (SPEC 16)

usage: doorcode credential issue --site-key HEX --door ID [--door ID ...] --holder N
                                 [--issuer N] [--epoch N] [--id HEX] [--key N]
                                 [--not-before T] [--not-after T] [--schedule HEX]
                                 [--role resident|non-resident] [--may-share]
                                 [--entropy HEX] [--bundle]
       doorcode credential show BUNDLE
       doorcode credential delegate BUNDLE [--link HEX] [--guest N] [--door ID ...]
                                    [--not-before T] [--not-after T] [--schedule HEX]
                                    [--may-share]
       doorcode credential challenge (--site-key HEX | --door-key HEX) --door ID
                                     [--entropy HEX] [--state HEX] [--now T]
       doorcode credential answer BUNDLE CHALLENGE
       doorcode credential verify (--site-key HEX | --door-key HEX) --door ID
                                  --challenge HEX [--now T] [--issuers 0:0,7:2]
                                  [--deny-credential HEX ...] [--deny-person N ...]
                                  [--zone ZONE] PRESENTATION

A BUNDLE is what a phone keeps (hex): the credential, its caveat chain, the content key and
one proof key per door. It contains secrets: store and send it like a key.

  issue      the backend issues a credential for the doors (in order: door i is slot i) and
             prints it, its content key, each door's proof key and the bundle; --bundle
             prints only the bundle. --id and --entropy default to random bytes; give them
             for reproducible output. --schedule takes 'doorcode schedule encode' output.
  show       open a bundle: the holder-visible fields, each caveat and the effective rights
  delegate   append a caveat (macaroon style) and print the guest's bundle: --door names a
             subset of the holder's doors (default: all it has), the window defaults to the
             holder's; a caveat that would widen anything is refused
  challenge  the lock's challenge for a BLE session, from --entropy (default random) and the
             lock's persisted --state (default: a factory lock); prints the challenge, its
             nonce and the new state (the challenge counter is persisted)
  answer     the phone's presentation answering a challenge (hex)
  verify     check a presentation against the challenge as the lock would: the proof, the
             issuer's epoch (--issuers, default 0:0), the deny-lists, the chain, the door,
             the window and the schedules at --now (default now) in the door's --zone
             (default UTC). Prints 'accept: ...' (exit 0) or 'reject: REASON (...)' (exit 1)

T is unix seconds or RFC 3339. Keys default to $DOORCODE_SITE_KEY / $DOORCODE_DOOR_KEY.
";

/// The key/door and policy option descriptions, for commands defined in other modules.
pub fn key_and_policy_help() -> String {
    format!("{KEY_HELP}\n{POLICY_HELP}")
}
