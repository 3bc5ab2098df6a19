//! Mobile credentials (SPEC.md section 16): issue, open, delegate, present, and every refusal,
//! through `verify_presentation` and through `LockVerifier::challenge` / `present`. Expected
//! values come from the independent implementation in `credential_support` or are derived by
//! hand from the SPEC.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]

mod credential_support;

use credential_support as reference;
use doorcode::credential::*;
use doorcode::keys::{DoorId, Epoch, IssuerId, SiteKey};
use doorcode::lock::*;
use doorcode::schedule::{DayMask, Exception, Grant, Schedule, ScheduleDenial, TimeRange, Window};
use doorcode::zone::Zone;

/// 2026-11-22T00:00:00Z (a Sunday).
const MIDNIGHT: i64 = 1_795_305_600;
/// 2026-11-22T09:00:00Z.
const NINE: i64 = MIDNIGHT + 9 * 3600;
const DAY: i64 = 86_400;

fn site() -> SiteKey {
    SiteKey::from_bytes(&[0x42; 32]).unwrap()
}
fn door(name: &str) -> DoorId {
    DoorId::new(name.as_bytes()).unwrap()
}
fn lobby() -> DoorId {
    door("lobby")
}
fn unit() -> DoorId {
    door("unit-4b")
}
fn gym() -> DoorId {
    door("gym")
}
fn id(byte: u8) -> CredentialId {
    CredentialId::from_bytes([byte; 16])
}
/// Mon-Fri 08:00-18:00.
fn office() -> Schedule {
    Schedule::from_windows(&[Window::new(
        DayMask::WEEKDAYS,
        TimeRange::new(8 * 60, 18 * 60).unwrap(),
    )])
    .unwrap()
}
/// Every day 06:00-22:00.
fn daytime() -> Schedule {
    Schedule::from_windows(&[Window::new(
        DayMask::EVERY_DAY,
        TimeRange::new(6 * 60, 22 * 60).unwrap(),
    )])
    .unwrap()
}

fn resident_fields(may_share: bool) -> CredentialFields {
    let mut fields = CredentialFields::new(
        id(1),
        1001,
        Grant::new(NINE - DAY, NINE + 30 * DAY).unwrap(),
    );
    fields.key = 77;
    fields.role = Role::Resident;
    fields.may_share = may_share;
    fields
}

fn issue(fields: &CredentialFields, doors: &[DoorId]) -> HolderCredential {
    CredentialIssuer::from_site(&site(), IssuerId(0), Epoch(0), doors)
        .issue(fields, doors, &[0x5a; 32])
        .unwrap()
}

/// The resident of unit 4B: lobby, unit and gym, may share.
fn resident() -> HolderCredential {
    issue(&resident_fields(true), &[lobby(), unit(), gym()])
}

fn guest_caveat(link: u8, guest: u64, doors: u32, from: i64, to: i64) -> Caveat {
    Caveat::new(
        id(link),
        guest,
        DoorSet(doors),
        Grant::new(from, to).unwrap(),
    )
}

/// resident -> guest 1 (lobby+unit, may share) -> guest 2 (lobby+unit, may share) -> guest 3
/// (lobby only).
fn three_links() -> [HolderCredential; 4] {
    let root = resident();
    let mut first = guest_caveat(11, 2001, 0b011, NINE - 3600, NINE + 7 * DAY);
    first.may_share = true;
    let one = root.delegate(&first).unwrap();
    let mut second = guest_caveat(12, 2002, 0b011, NINE - 3600, NINE + 2 * DAY);
    second.may_share = true;
    let two = one.delegate(&second).unwrap();
    let three = two
        .delegate(&guest_caveat(13, 2003, 0b001, NINE - 60, NINE + DAY))
        .unwrap();
    [root, one, two, three]
}

fn lock_at(door: DoorId, configure: impl FnOnce(&mut LockConfig<64>)) -> DefaultLock {
    let mut config = LockConfig::new(door);
    configure(&mut config);
    DefaultLock::new(site().door_key(&door), config).unwrap()
}

fn try_open(lock: &mut DefaultLock, holder: &HolderCredential, now: i64) -> (KeypadAnswer, Event) {
    let challenge = lock.challenge(&[7; 16], Clock::Set(now)).unwrap();
    let presentation = holder.answer_challenge(&challenge.to_bytes()).unwrap();
    lock.present(&presentation, Clock::Set(now))
}

fn refusal(event: &Event) -> Option<CredentialReject> {
    match event.reason {
        Some(RejectReason::Credential(why)) => Some(why),
        _ => None,
    }
}

fn context<'a>(
    door_key: &'a doorcode::keys::DoorKey,
    door: &'a DoorId,
    nonce: &'a [u8; 16],
    now: i64,
) -> VerifyContext<'a> {
    VerifyContext {
        door_key,
        door,
        issuers: &[(IssuerId(0), Epoch(0))],
        nonce,
        now,
        zone: &Zone::UTC,
        denied_credentials: &[],
        denied_persons: &[],
    }
}

#[test]
fn the_reference_implementation_opens_what_the_library_issues() {
    let mut fields = resident_fields(true);
    fields.schedule = Some(office());
    let holder = issue(&fields, &[lobby(), unit()]);
    let blob = holder.blob();
    // Sizes by hand: header 26 + 2 x 16 wrapped keys + body 51 + schedule.
    let schedule_len = office().encoded_len();
    assert_eq!(blob.len(), 26 + 32 + 51 + schedule_len);
    let parts = reference::split(blob);
    assert_eq!((parts.issuer, parts.epoch, parts.door_count), (0, 0, 2));
    let unit_key = site().door_key(&unit());
    let body = reference::open_with_door(unit_key.as_bytes(), b"unit-4b", blob, 1).unwrap();
    assert_eq!(
        body,
        reference::Body {
            id: [1; 16],
            holder: 1001,
            key: 77,
            flags: 0b11, // may-share and resident
            not_before: NINE - DAY,
            not_after: NINE + 30 * DAY,
            schedule: office().to_vec(),
        }
    );
    // Slot 0 is the lobby's: the unit's key does not open it.
    assert!(reference::open_with_door(unit_key.as_bytes(), b"unit-4b", blob, 0).is_none());
    // The holder's content key opens it too, and the proof keys are T0 of SPEC 16.3.
    let content_key: [u8; 16] = *holder.content_key().as_bytes();
    assert!(reference::open_with_content_key(&content_key, blob).is_some());
    for (proof, name) in holder.proofs().iter().zip(["lobby", "unit-4b"]) {
        let door_key = site().door_key(&door(name));
        let (_, mac) = reference::door_keys(door_key.as_bytes(), name.as_bytes(), 0, 0);
        assert_eq!(proof.proof.as_bytes(), &reference::root_tag(&mac, blob));
    }
    // The library's own view agrees.
    let opened = holder.open().unwrap();
    assert_eq!(opened.root, fields);
    assert_eq!(opened.rights.doors, DoorSet(0b11));
}

#[test]
fn sizes_for_one_and_twenty_doors() {
    let fields = resident_fields(false);
    let one = issue(&fields, &[lobby()]);
    let doors: Vec<DoorId> = (0..20).map(|i| door(&format!("door-{i:02}"))).collect();
    let twenty = issue(&fields, &doors);
    assert_eq!(one.blob().len(), 93);
    assert_eq!(twenty.blob().len(), 93 + 19 * 16);
    let mut with_schedule = fields.clone();
    with_schedule.schedule = Some(office());
    let one_scheduled = issue(&with_schedule, &[lobby()]);
    println!(
        "blob sizes: 1 door {} B, 20 doors {} B, 1 door + one-window schedule {} B; \
         presentation (1 door, no caveats) {} B",
        one.blob().len(),
        twenty.blob().len(),
        one_scheduled.blob().len(),
        one.present(&lobby(), &[0; 16]).unwrap().len()
    );
    assert!(one_scheduled.blob().len() <= 200);
    assert_eq!(
        blob_len(1, office().encoded_len()),
        one_scheduled.blob().len()
    );
    // Any schedule of windows only keeps a one-door credential within 200 bytes (SPEC 16.7).
    let windows: Vec<Window> = (0..16)
        .map(|i| {
            Window::new(
                DayMask::WEEKDAYS,
                TimeRange::new(i * 60, i * 60 + 30).unwrap(),
            )
        })
        .collect();
    let mut sixteen = fields.clone();
    sixteen.schedule = Some(Schedule::from_windows(&windows).unwrap());
    assert_eq!(issue(&sixteen, &[lobby()]).blob().len(), 160);
}

#[test]
fn a_resident_opens_each_door_and_the_event_says_who() {
    let holder = resident();
    for (index, name) in [lobby(), unit(), gym()].into_iter().enumerate() {
        let mut lock = lock_at(name, |_| {});
        let (answer, event) = try_open(&mut lock, &holder, NINE);
        assert_eq!(answer, KeypadAnswer::Accept, "{event:?}");
        let Some(Matched::Credential(presented)) = event.matched else {
            panic!("{event:?}")
        };
        assert_eq!(presented.id, id(1));
        assert_eq!(presented.holder, 1001);
        assert_eq!(presented.key, 77);
        assert_eq!(presented.depth, 0);
        assert_eq!(presented.door_index, index as u8);
        assert_eq!(presented.rights.role, Role::Resident);
        assert_eq!(lock.last_trusted(), Some(NINE));
    }
}

#[test]
fn a_three_link_chain_opens_with_intersected_rights() {
    let [_, _, _, guest] = three_links();
    assert_eq!(guest.proofs().len(), 1);
    let opened = guest.open().unwrap();
    assert_eq!(opened.caveats.len(), 3);
    assert_eq!(
        opened.rights,
        Rights {
            doors: DoorSet(0b001),
            grant: Grant::new(NINE - 60, NINE + DAY).unwrap(),
            may_share: false,
            role: Role::NonResident
        }
    );
    let mut lock = lock_at(lobby(), |_| {});
    let (answer, event) = try_open(&mut lock, &guest, NINE);
    assert_eq!(answer, KeypadAnswer::Accept, "{event:?}");
    let Some(Matched::Credential(presented)) = event.matched else {
        panic!()
    };
    assert_eq!(
        (presented.depth, presented.link, presented.guest),
        (3, Some(id(13)), Some(2003))
    );
    // Before and after the narrowest window.
    assert_eq!(
        refusal(&try_open(&mut lock, &guest, NINE - 61).1),
        Some(CredentialReject::NotYetValid)
    );
    assert_eq!(
        refusal(&try_open(&mut lock, &guest, NINE + DAY).1),
        Some(CredentialReject::Expired)
    );
}

#[test]
fn the_reference_implementation_reads_a_delegated_chain() {
    let [root, one, ..] = three_links();
    let content_key = *one.content_key().as_bytes();
    let siv = reference::split(one.blob()).siv;
    let plain = reference::open_caveat(&content_key, &siv, 1, &one.caveats()[0]).unwrap();
    assert_eq!(
        plain,
        reference::caveat_plaintext(
            [11; 16],
            2001,
            0b011,
            true,
            NINE - 3600,
            NINE + 7 * DAY,
            &[]
        )
    );
    // T1 per door = HMAC chain of the root's T0.
    for (proof, root_proof) in one.proofs().iter().zip(root.proofs()) {
        assert_eq!(proof.door, root_proof.door);
        assert_eq!(
            proof.proof.as_bytes(),
            &reference::next_tag(root_proof.proof.as_bytes(), &one.caveats()[0])
        );
    }
}

#[test]
fn wrong_door_refusals() {
    let holder = issue(&resident_fields(true), &[lobby(), unit()]);
    // A lock whose door the credential does not name: the holder has no proof for it.
    let mut gym_lock = lock_at(gym(), |_| {});
    let challenge = gym_lock.challenge(&[1; 16], Clock::Set(NINE)).unwrap();
    assert_eq!(
        holder.answer_challenge(&challenge.to_bytes()).err(),
        Some(CredentialError::DoorNotHeld)
    );
    // Answering the gym's nonce with the lobby's proof: the response names the lobby.
    let forged = holder.present(&lobby(), &challenge.nonce).unwrap();
    let (answer, event) = gym_lock.present(&forged, Clock::Set(NINE));
    assert_eq!(answer, KeypadAnswer::Reject);
    assert_eq!(refusal(&event), Some(CredentialReject::BadProof));
    // The right proof but another door's slot: the slot does not unwrap at this door.
    let lobby_proof = holder.proofs()[0].clone();
    let swapped = HolderCredential::from_parts(
        holder.blob().to_vec(),
        vec![],
        holder.content_key().clone(),
        vec![DoorProof {
            index: 1,
            ..lobby_proof
        }],
    )
    .unwrap();
    let mut lobby_lock = lock_at(lobby(), |_| {});
    assert_eq!(
        refusal(&try_open(&mut lobby_lock, &swapped, NINE).1),
        Some(CredentialReject::WrongDoor)
    );
    // A guest limited to the lobby, presented at the unit with a proof the resident can
    // compute (T1 of the unit): the chain does not grant the unit.
    let guest = holder
        .delegate(&guest_caveat(20, 3000, 0b01, NINE, NINE + DAY))
        .unwrap();
    let unit_t1 = reference::next_tag(holder.proofs()[1].proof.as_bytes(), &guest.caveats()[0]);
    let sneaky = HolderCredential::from_parts(
        guest.blob().to_vec(),
        guest.caveats().to_vec(),
        guest.content_key().clone(),
        vec![DoorProof {
            door: unit(),
            index: 1,
            proof: ProofKey::from_bytes(&unit_t1).unwrap(),
        }],
    )
    .unwrap();
    let mut unit_lock = lock_at(unit(), |_| {});
    assert_eq!(
        refusal(&try_open(&mut unit_lock, &sneaky, NINE).1),
        Some(CredentialReject::DoorNotGranted)
    );
}

#[test]
fn schedules_of_every_link_must_allow() {
    let mut fields = resident_fields(true);
    fields.schedule = Some(daytime());
    let holder = issue(&fields, &[lobby()]);
    let mut lock = lock_at(lobby(), |_| {});
    // Sunday 09:00 UTC: daytime allows.
    assert_eq!(try_open(&mut lock, &holder, NINE).0, KeypadAnswer::Accept);
    // Sunday 23:00: outside the root's schedule.
    assert_eq!(
        refusal(&try_open(&mut lock, &holder, MIDNIGHT + 23 * 3600).1),
        Some(CredentialReject::OutsideSchedule {
            link: 0,
            denial: ScheduleDenial::OutsideWindows
        })
    );
    // A guest limited to office hours: Sunday 09:00 is outside link 1's schedule.
    let mut caveat = guest_caveat(30, 4000, 0b1, NINE - DAY, NINE + 7 * DAY);
    caveat.schedule = Some(office());
    let guest = holder.delegate(&caveat).unwrap();
    assert_eq!(
        refusal(&try_open(&mut lock, &guest, NINE).1),
        Some(CredentialReject::OutsideSchedule {
            link: 1,
            denial: ScheduleDenial::OutsideWindows
        })
    );
    // Monday 07:00: office hours deny (link 1), daytime allows.
    assert!(matches!(
        refusal(&try_open(&mut lock, &guest, NINE + DAY - 2 * 3600).1),
        Some(CredentialReject::OutsideSchedule { link: 1, .. })
    ));
    // Monday 09:00 both allow.
    assert_eq!(
        try_open(&mut lock, &guest, NINE + DAY).0,
        KeypadAnswer::Accept
    );
    // A lock whose clock is unset refuses before anything else.
    let challenge = lock.challenge(&[0; 16], Clock::Unset).unwrap();
    let presentation = guest.answer_challenge(&challenge.to_bytes()).unwrap();
    assert_eq!(
        lock.present(&presentation, Clock::Unset).1.reason,
        Some(RejectReason::ClockUnset)
    );
}

type Denial = Box<dyn Fn(&mut LockConfig<64>)>;

#[test]
fn revoking_any_ancestor_revokes_every_link_below() {
    let chain = three_links();
    let cases: [(&str, Denial, [Option<CredentialReject>; 4]); 5] = [
        (
            "root id",
            Box::new(|c| c.deny_credential(id(1)).unwrap()),
            [Some(CredentialReject::Revoked(Revoked::Credential)); 4],
        ),
        (
            "root holder",
            Box::new(|c| c.deny_person(1001).unwrap()),
            [Some(CredentialReject::Revoked(Revoked::Holder)); 4],
        ),
        (
            "link 1",
            Box::new(|c| c.deny_credential(id(11)).unwrap()),
            [
                None,
                Some(CredentialReject::Revoked(Revoked::Link(1))),
                Some(CredentialReject::Revoked(Revoked::Link(1))),
                Some(CredentialReject::Revoked(Revoked::Link(1))),
            ],
        ),
        (
            "link 2",
            Box::new(|c| c.deny_credential(id(12)).unwrap()),
            [
                None,
                None,
                Some(CredentialReject::Revoked(Revoked::Link(2))),
                Some(CredentialReject::Revoked(Revoked::Link(2))),
            ],
        ),
        (
            "guest 3",
            Box::new(|c| c.deny_person(2003).unwrap()),
            [
                None,
                None,
                None,
                Some(CredentialReject::Revoked(Revoked::Guest(3))),
            ],
        ),
    ];
    for (what, deny, expected) in cases {
        // Delivered by an authenticated door update, as in the field.
        let mut lock = lock_at(lobby(), |_| {});
        let mut config = LockConfig::<64>::new(lobby());
        deny(&mut config);
        let mut out = vec![0u8; max_update_len(64)];
        let len =
            build_update(&site().door_key(&lobby()), 1, NINE - 60, &config, &mut out).unwrap();
        lock.apply_update(&out[..len]).unwrap();
        for (depth, holder) in chain.iter().enumerate() {
            let (answer, event) = try_open(&mut lock, holder, NINE);
            assert_eq!(refusal(&event), expected[depth], "{what}, depth {depth}");
            assert_eq!(answer == KeypadAnswer::Accept, expected[depth].is_none());
        }
    }
}

#[test]
fn an_epoch_bump_or_a_removed_issuer_revokes() {
    let [root, .., guest] = three_links();
    let mut bumped = lock_at(lobby(), |c| {
        c.set_issuers(&[(IssuerId(0), Epoch(1))]).unwrap()
    });
    for holder in [&root, &guest] {
        assert_eq!(
            refusal(&try_open(&mut bumped, holder, NINE).1),
            Some(CredentialReject::StaleEpoch {
                epoch: Epoch(0),
                current: Epoch(1)
            })
        );
    }
    let mut removed = lock_at(lobby(), |c| {
        c.set_issuers(&[(IssuerId(9), Epoch(0))]).unwrap()
    });
    assert_eq!(
        refusal(&try_open(&mut removed, &root, NINE).1),
        Some(CredentialReject::UnknownIssuer(IssuerId(0)))
    );
    // A partner issuer with its own key works at a door that enables it.
    let partner_key = site().door_key(&lobby()).issuer_key(IssuerId(9), Epoch(0));
    let mut partner = CredentialIssuer::new(IssuerId(9), Epoch(0));
    partner.add_door(lobby(), &partner_key);
    let partner_holder = partner
        .issue(&resident_fields(false), &[lobby()], &[1; 16])
        .unwrap();
    assert_eq!(
        try_open(&mut removed, &partner_holder, NINE).0,
        KeypadAnswer::Accept
    );
}

#[test]
fn delegate_refuses_every_widening() {
    let holder = resident(); // 3 doors, window [NINE - DAY, NINE + 30 DAY)
    let wider_doors = Caveat::new(
        id(40),
        1,
        DoorSet(0b1000),
        Grant::new(NINE, NINE + 1).unwrap(),
    );
    let earlier = guest_caveat(41, 1, 0b1, NINE - 2 * DAY, NINE);
    let later = guest_caveat(42, 1, 0b1, NINE, NINE + 31 * DAY);
    for (caveat, widening) in [
        (&wider_doors, Widening::Doors),
        (&earlier, Widening::Window),
        (&later, Widening::Window),
    ] {
        assert_eq!(
            holder.delegate(caveat).err(),
            Some(CredentialError::Widening(widening))
        );
    }
    // No sharing from a link without may-share (so may-share cannot be turned back on).
    let guest = holder
        .delegate(&guest_caveat(43, 1, 0b1, NINE, NINE + DAY))
        .unwrap();
    let mut re_share = guest_caveat(44, 2, 0b1, NINE, NINE + DAY);
    re_share.may_share = true;
    assert_eq!(
        guest.delegate(&re_share).err(),
        Some(CredentialError::Widening(Widening::NotShareable))
    );
    assert_eq!(
        issue(&resident_fields(false), &[lobby()])
            .delegate(&guest_caveat(45, 1, 0b1, NINE, NINE + DAY))
            .err(),
        Some(CredentialError::Widening(Widening::NotShareable))
    );
    // A schedule wider than the chain's.
    let mut fields = resident_fields(true);
    fields.schedule = Some(office());
    let scheduled = issue(&fields, &[lobby()]);
    let mut wide = guest_caveat(46, 1, 0b1, NINE, NINE + DAY);
    wide.schedule = Some(daytime());
    assert_eq!(
        scheduled.delegate(&wide).err(),
        Some(CredentialError::Widening(Widening::Schedule))
    );
    // Narrower is fine: Mon-Fri 09:00-12:00 lies inside office hours.
    let mut narrow = wide.clone();
    narrow.schedule = Some(
        Schedule::from_windows(&[Window::new(
            DayMask::WEEKDAYS,
            TimeRange::new(9 * 60, 12 * 60).unwrap(),
        )])
        .unwrap(),
    );
    assert!(scheduled.delegate(&narrow).is_ok());
    // A deny exception only narrows; a replace exception could reopen hours on its dates.
    let christmas: doorcode::civil::LocalDate = "2026-12-25".parse().unwrap();
    let mut with_deny = narrow.clone();
    let mut schedule = with_deny.schedule.clone().unwrap();
    schedule
        .push_exception(Exception::deny(christmas, christmas).unwrap())
        .unwrap();
    with_deny.schedule = Some(schedule.clone());
    assert!(scheduled.delegate(&with_deny).is_ok());
    let mut with_replace = narrow.clone();
    let mut schedule = with_replace.schedule.clone().unwrap();
    schedule
        .push_exception(
            Exception::replace(christmas, christmas, &[TimeRange::new(600, 660).unwrap()]).unwrap(),
        )
        .unwrap();
    with_replace.schedule = Some(schedule);
    assert_eq!(
        scheduled.delegate(&with_replace).err(),
        Some(CredentialError::Widening(Widening::Schedule))
    );
    // Without a schedule in the chain, any caveat schedule narrows.
    assert!(holder.delegate(&with_replace).is_ok());
    // Depth limit: a four-deep sharing chain takes no fifth caveat, and still opens.
    let mut holder = resident();
    for link in 0..4u8 {
        let mut caveat = guest_caveat(50 + link, 1, 0b1, NINE, NINE + DAY);
        caveat.may_share = true;
        holder = holder.delegate(&caveat).unwrap();
    }
    let fifth = guest_caveat(60, 1, 0b1, NINE, NINE + DAY);
    assert_eq!(
        holder.delegate(&fifth).err(),
        Some(CredentialError::TooManyCaveats)
    );
    let mut lock = lock_at(lobby(), |_| {});
    assert_eq!(try_open(&mut lock, &holder, NINE).0, KeypadAnswer::Accept);
}

/// Append a caveat the library's `delegate` refuses, sealed and chained with the reference
/// implementation (what a malicious holder could do).
fn force_caveat(holder: &HolderCredential, plaintext: &[u8]) -> HolderCredential {
    let content_key = *holder.content_key().as_bytes();
    let siv = reference::split(holder.blob()).siv;
    let position = holder.caveats().len() as u8 + 1;
    let sealed = reference::seal_caveat(&content_key, &siv, position, plaintext);
    let proofs = holder
        .proofs()
        .iter()
        .map(|proof| DoorProof {
            door: proof.door,
            index: proof.index,
            proof: ProofKey::from_bytes(&reference::next_tag(proof.proof.as_bytes(), &sealed))
                .unwrap(),
        })
        .collect();
    let mut caveats = holder.caveats().to_vec();
    caveats.push(sealed);
    HolderCredential::from_parts(
        holder.blob().to_vec(),
        caveats,
        holder.content_key().clone(),
        proofs,
    )
    .unwrap()
}

#[test]
fn the_lock_refuses_forged_widening_caveats() {
    // Link 1: lobby only, NINE +- 60 s, may share.
    let sharing = resident_with_share_guest();
    // Link 1: lobby only, no may-share.
    let closed = resident()
        .delegate(&guest_caveat(70, 5, 0b001, NINE - 60, NINE + 60))
        .unwrap();
    let mut lock = lock_at(lobby(), |_| {});
    let cases = [
        (
            &sharing,
            reference::caveat_plaintext([71; 16], 6, 0b011, false, NINE - 60, NINE + 60, &[]),
            Widening::Doors,
        ),
        (
            &sharing,
            reference::caveat_plaintext([72; 16], 6, 0b001, false, NINE - 60, NINE + 3600, &[]),
            Widening::Window,
        ),
        (
            &sharing,
            reference::caveat_plaintext([72; 16], 6, 0b001, false, NINE - 61, NINE + 60, &[]),
            Widening::Window,
        ),
        // May-share turned back on below a link without it (and any caveat there at all).
        (
            &closed,
            reference::caveat_plaintext([73; 16], 6, 0b001, true, NINE - 60, NINE + 60, &[]),
            Widening::NotShareable,
        ),
    ];
    for (parent, plaintext, widening) in cases {
        let forged = force_caveat(parent, &plaintext);
        assert_eq!(
            forged.open().err(),
            Some(CredentialError::Widening(widening)),
            "the holder's own view refuses it too"
        );
        let (answer, event) = try_open(&mut lock, &forged, NINE);
        assert_eq!(answer, KeypadAnswer::Reject);
        assert_eq!(
            refusal(&event),
            Some(CredentialReject::Widening { link: 2, widening })
        );
    }
    // The same plaintexts within bounds are accepted: the refusals above are the widening.
    let fine = reference::caveat_plaintext([74; 16], 6, 0b001, false, NINE - 60, NINE + 60, &[]);
    assert_eq!(
        try_open(&mut lock, &force_caveat(&sharing, &fine), NINE).0,
        KeypadAnswer::Accept
    );
}

/// The resident delegated once to a sharing guest with lobby only and a two-minute window.
fn resident_with_share_guest() -> HolderCredential {
    let mut caveat = guest_caveat(80, 8, 0b001, NINE - 60, NINE + 60);
    caveat.may_share = true;
    resident().delegate(&caveat).unwrap()
}

#[test]
fn flipping_any_bit_of_a_presentation_is_refused() {
    let [.., guest] = three_links();
    let nonce = [0x33u8; 16];
    let presentation = guest.present(&lobby(), &nonce).unwrap();
    let door_key = site().door_key(&lobby());
    let lobby = lobby();
    let context = context(&door_key, &lobby, &nonce, NINE);
    assert!(verify_presentation(&context, &presentation).is_ok());
    let blob_start = 4;
    let blob_end = blob_start + guest.blob().len();
    let mut tried = 0;
    for byte in 0..presentation.len() {
        for bit in 0..8 {
            let mut flipped = presentation.clone();
            flipped[byte] ^= 1 << bit;
            let result = verify_presentation(&context, &flipped);
            assert!(result.is_err(), "byte {byte} bit {bit} accepted");
            // Past the blob's public header (wrapped keys, sealed body) the proof fails.
            if (blob_start + CREDENTIAL_HEADER_LEN..blob_end).contains(&byte) {
                assert_eq!(
                    result.err(),
                    Some(CredentialReject::BadProof),
                    "byte {byte} bit {bit}"
                );
            }
            tried += 1;
        }
    }
    assert_eq!(tried, presentation.len() * 8);
    // Every bit of the response alone: always BadProof.
    for byte in presentation.len() - 32..presentation.len() {
        for bit in 0..8 {
            let mut flipped = presentation.clone();
            flipped[byte] ^= 1 << bit;
            assert_eq!(
                verify_presentation(&context, &flipped).err(),
                Some(CredentialReject::BadProof)
            );
        }
    }
    // Every bit of every sealed caveat: BadProof (the chain covers the ciphertext).
    let mut offset = blob_end + 1;
    for caveat in guest.caveats() {
        offset += 2;
        for byte in offset..offset + caveat.len() {
            let mut flipped = presentation.clone();
            flipped[byte] ^= 0x80;
            assert_eq!(
                verify_presentation(&context, &flipped).err(),
                Some(CredentialReject::BadProof),
                "caveat byte {byte}"
            );
        }
        offset += caveat.len();
    }
}

#[test]
fn flipping_any_bit_of_a_stored_holder_credential_never_opens_a_door() {
    let [.., guest] = three_links();
    let stored = guest.to_bytes();
    let nonce = [0x44u8; 16];
    let door_key = site().door_key(&lobby());
    let lobby = lobby();
    let context = context(&door_key, &lobby, &nonce, NINE);
    for byte in 0..stored.len() {
        for bit in 0..8 {
            let mut flipped = stored.to_vec();
            flipped[byte] ^= 1 << bit;
            let Ok(holder) = HolderCredential::from_bytes(&flipped) else {
                continue;
            };
            match holder.present(&lobby, &nonce) {
                Err(_) => {}
                Ok(presentation) => {
                    // The only bits that may still open are the content key's (the lock never
                    // sees it): then the guest's own view fails instead.
                    if verify_presentation(&context, &presentation).is_ok() {
                        assert!((1..17).contains(&byte), "byte {byte} bit {bit}");
                        assert!(holder.open().is_err());
                    }
                }
            }
        }
    }
}

#[test]
fn a_recorded_exchange_cannot_be_replayed_and_nonces_never_repeat() {
    let holder = resident();
    let mut lock = lock_at(lobby(), |_| {});
    let challenge = lock.challenge(&[0; 16], Clock::Set(NINE)).unwrap();
    let presentation = holder.answer_challenge(&challenge.to_bytes()).unwrap();
    assert_eq!(
        lock.present(&presentation, Clock::Set(NINE)).0,
        KeypadAnswer::Accept
    );
    // Replayed at once: the nonce was consumed.
    assert_eq!(
        refusal(&lock.present(&presentation, Clock::Set(NINE)).1),
        Some(CredentialReject::NoChallenge)
    );
    // Replayed against a new challenge (same bad entropy): a different nonce.
    let next = lock.challenge(&[0; 16], Clock::Set(NINE)).unwrap();
    assert_ne!(next.nonce, challenge.nonce);
    assert_eq!(
        refusal(&lock.present(&presentation, Clock::Set(NINE)).1),
        Some(CredentialReject::BadProof)
    );
    // A failed presentation consumed that challenge too.
    assert_eq!(
        refusal(&lock.present(&presentation, Clock::Set(NINE)).1),
        Some(CredentialReject::NoChallenge)
    );
    // Nonces across a reboot: the counter is in the persisted state.
    let mut seen = std::collections::HashSet::new();
    seen.insert(challenge.nonce);
    seen.insert(next.nonce);
    let mut lock = lock;
    for round in 0..20 {
        let mut state = vec![0u8; DefaultLock::MAX_STATE_LEN];
        let len = lock.encode_state(&mut state).unwrap();
        lock = DefaultLock::restore(site().door_key(&lobby()), &state[..len]).unwrap();
        assert_eq!(lock.challenge_counter(), 2 + round);
        let nonce = lock.challenge(&[0; 16], Clock::Set(NINE)).unwrap().nonce;
        assert_eq!(nonce[..8], (3 + round).to_be_bytes(), "counter prefix");
        assert!(seen.insert(nonce), "nonce repeated");
    }
    // A challenge older than its lifetime is refused; a newer challenge replaces an older one.
    let old = lock.challenge(&[1; 16], Clock::Set(NINE)).unwrap();
    let late = holder.answer_challenge(&old.to_bytes()).unwrap();
    assert_eq!(
        refusal(
            &lock
                .present(&late, Clock::Set(NINE + CHALLENGE_LIFETIME_SECONDS + 1))
                .1
        ),
        Some(CredentialReject::ChallengeExpired)
    );
    let first = lock.challenge(&[1; 16], Clock::Set(NINE)).unwrap();
    let _second = lock.challenge(&[1; 16], Clock::Set(NINE)).unwrap();
    let stale = holder.answer_challenge(&first.to_bytes()).unwrap();
    assert_eq!(
        refusal(&lock.present(&stale, Clock::Set(NINE)).1),
        Some(CredentialReject::BadProof)
    );
}

#[test]
fn presentations_do_not_touch_wrong_code_throttling() {
    let holder = resident();
    let mut lock = lock_at(lobby(), |_| {});
    for _ in 0..20 {
        lock.challenge(&[0; 16], Clock::Set(NINE)).unwrap();
        let (answer, event) = lock.present(b"\x01garbage", Clock::Set(NINE));
        assert_eq!(answer, KeypadAnswer::Reject);
        assert_eq!(event.lockout_until, None);
    }
    assert_eq!(lock.throttle_state(), ThrottleState::default());
    // Lock the keypad out with wrong codes; a phone still opens.
    let mut locked = false;
    for _ in 0..10 {
        locked |= lock
            .keypress("0000000", Clock::Set(NINE))
            .1
            .lockout_until
            .is_some();
    }
    assert!(locked);
    assert_eq!(try_open(&mut lock, &holder, NINE).0, KeypadAnswer::Accept);
}

#[test]
fn truncated_oversized_and_wrong_version_input_is_typed() {
    let [.., guest] = three_links();
    let nonce = [1u8; 16];
    let presentation = guest.present(&lobby(), &nonce).unwrap();
    let door_key = site().door_key(&lobby());
    let lobby = lobby();
    let context = context(&door_key, &lobby, &nonce, NINE);
    for len in 0..presentation.len() {
        assert!(matches!(
            verify_presentation(&context, &presentation[..len]),
            Err(CredentialReject::Malformed(_) | CredentialReject::BadProof)
        ));
    }
    let mut longer = presentation.clone();
    longer.push(0);
    assert_eq!(
        verify_presentation(&context, &longer).err(),
        Some(CredentialReject::Malformed(CredentialError::TrailingBytes))
    );
    let oversized = vec![1u8; MAX_PRESENTATION_LEN + 1];
    assert_eq!(
        verify_presentation(&context, &oversized).err(),
        Some(CredentialReject::Malformed(CredentialError::TooLong))
    );
    let mut version = presentation.clone();
    version[0] = 2;
    assert_eq!(
        verify_presentation(&context, &version).err(),
        Some(CredentialReject::Malformed(
            CredentialError::UnknownVersion(2)
        ))
    );
    let mut blob_version = presentation.clone();
    blob_version[4] = 0x7f;
    assert_eq!(
        verify_presentation(&context, &blob_version).err(),
        Some(CredentialReject::Malformed(
            CredentialError::UnknownVersion(0x7f)
        ))
    );
    // A fifth caveat count.
    let mut many = presentation.clone();
    many[4 + guest.blob().len()] = 5;
    assert_eq!(
        verify_presentation(&context, &many).err(),
        Some(CredentialReject::Malformed(CredentialError::TooManyCaveats))
    );
    // Blobs, challenges and stored holder credentials.
    assert_eq!(
        decode_header(&guest.blob()[..25]),
        Err(CredentialError::Truncated)
    );
    let mut too_many_doors = guest.blob().to_vec();
    too_many_doors[9] = 33;
    assert_eq!(
        decode_header(&too_many_doors),
        Err(CredentialError::TooManyDoors)
    );
    assert_eq!(
        decode_header(&vec![1u8; MAX_BLOB_LEN + 1]),
        Err(CredentialError::TooLong)
    );
    assert_eq!(Challenge::from_bytes(&[]), Err(CredentialError::Truncated));
    let stored = guest.to_bytes();
    for len in 0..stored.len() {
        assert!(HolderCredential::from_bytes(&stored[..len]).is_err());
    }
    assert_eq!(
        HolderCredential::from_bytes(&[9]).err(),
        Some(CredentialError::UnknownVersion(9))
    );
}

#[test]
fn keystreams_never_repeat() {
    // Same content-key entropy (bad randomness) for every credential, same doors.
    let doors = [lobby(), unit()];
    let issuer = CredentialIssuer::from_site(&site(), IssuerId(0), Epoch(0), &doors);
    let mut ranges: Vec<([u8; 32], u128, u128, String)> = Vec::new();
    let lobby_key = site().door_key(&lobby());
    let (lobby_enc, _) = reference::door_keys(lobby_key.as_bytes(), b"lobby", 0, 0);
    let mut record = |key: [u8; 32], iv: [u8; 16], len: usize, what: String| {
        let start = u128::from_be_bytes(iv);
        let blocks = len.div_ceil(16) as u128;
        ranges.push((key, start, start.wrapping_add(blocks), what));
    };
    for credential in 0..20u8 {
        let mut fields = resident_fields(true);
        fields.id = id(credential);
        // Half of them share an id with a reissue that differs in one field.
        let reissue = credential % 2 == 1;
        if reissue {
            fields.id = id(credential - 1);
            fields.grant = Grant::new(NINE, NINE + DAY).unwrap();
        }
        let holder = issuer.issue(&fields, &doors, &[0; 16]).unwrap();
        let parts = reference::split(holder.blob());
        let content = reference::content_keys(holder.content_key().as_bytes());
        record(
            content.enc,
            parts.siv,
            parts.body_ciphertext.len(),
            format!("body {credential}"),
        );
        record(lobby_enc, parts.siv, 16, format!("lobby wrap {credential}"));
        let mut chain = holder;
        for link in 0..3u8 {
            let mut caveat =
                guest_caveat(100 + link, u64::from(credential), 0b01, NINE, NINE + DAY);
            caveat.may_share = true;
            chain = chain.delegate(&caveat).unwrap();
            let sealed = chain.caveats().last().unwrap();
            record(
                content.enc,
                sealed[..16].try_into().unwrap(),
                sealed.len() - 16,
                format!("caveat {credential}/{link}"),
            );
        }
    }
    for (i, a) in ranges.iter().enumerate() {
        for b in &ranges[i + 1..] {
            if a.0 == b.0 {
                let overlap = a.1 < b.2 && b.1 < a.2;
                assert!(!overlap, "{} and {} share keystream", a.3, b.3);
            }
        }
    }
    // The reissues reuse a content key (same id and entropy), so the check above covered
    // same-key pairs with different plaintexts.
    let same_key_pairs = ranges
        .iter()
        .enumerate()
        .flat_map(|(i, a)| ranges[i + 1..].iter().filter(move |b| a.0 == b.0))
        .count();
    assert!(same_key_pairs > 20 * 3);
}

#[test]
fn lock_state_and_updates_keep_the_credential_deny_list() {
    let mut config = LockConfig::<64>::new(lobby());
    for byte in 0..MAX_DENIED_CREDENTIALS as u8 {
        config
            .deny_credential(id(200u8.wrapping_add(byte)))
            .unwrap();
    }
    assert_eq!(
        config.deny_credential(id(1)),
        Err(ConfigError::TooManyDeniedCredentials)
    );
    let door_key = site().door_key(&lobby());
    let mut out = vec![0u8; max_update_len(64)];
    let len = build_update(&door_key, 1, NINE, &config, &mut out).unwrap();
    let mut lock = lock_at(lobby(), |_| {});
    lock.apply_update(&out[..len]).unwrap();
    assert_eq!(
        lock.config().denied_credentials(),
        config.denied_credentials()
    );
    lock.challenge(&[0; 16], Clock::Set(NINE)).unwrap();
    let mut state = vec![0u8; DefaultLock::MAX_STATE_LEN];
    let state_len = lock.encode_state(&mut state).unwrap();
    assert!(state_len <= DefaultLock::MAX_STATE_LEN);
    let restored = DefaultLock::restore(door_key, &state[..state_len]).unwrap();
    assert_eq!(
        restored.config().denied_credentials(),
        config.denied_credentials()
    );
    assert_eq!(restored.challenge_counter(), 1);
    // Canonical: the restored lock re-encodes to the same bytes.
    let mut again = vec![0u8; DefaultLock::MAX_STATE_LEN];
    let again_len = restored.encode_state(&mut again).unwrap();
    assert_eq!(again[..again_len], state[..state_len]);
    // An update without denied credentials is byte-for-byte the format before credentials:
    // the factory configuration's update is still 118 bytes (tests/lock.rs).
    let mut plain = vec![0u8; max_update_len(64)];
    let plain_len = build_update(
        &site().door_key(&lobby()),
        1,
        NINE,
        &LockConfig::<64>::new(lobby()),
        &mut plain,
    )
    .unwrap();
    assert_eq!(plain_len, len - 1 - 1 - 16 * MAX_DENIED_CREDENTIALS);
}

/// SPEC.md 16.8's worked example: every value is reproduced by the reference implementation
/// and pinned here as printed in the SPEC.
#[test]
fn worked_example() {
    let site: Vec<u8> = (0u8..32).collect();
    let site = SiteKey::from_bytes(&site).unwrap();
    let lobby = lobby();
    let door_key = site.door_key(&lobby);
    let mut fields = CredentialFields::new(
        CredentialId::from_bytes(core::array::from_fn(|i| i as u8)),
        1001,
        Grant::new(MIDNIGHT, MIDNIGHT + 30 * DAY).unwrap(),
    );
    fields.key = 77;
    fields.role = Role::Resident;
    fields.may_share = true;
    let entropy = [0x5a; 16];
    let holder = CredentialIssuer::from_site(&site, IssuerId(0), Epoch(0), &[lobby])
        .issue(&fields, &[lobby], &entropy)
        .unwrap();
    let body = reference::body_plaintext(
        fields.id.as_bytes(),
        1001,
        77,
        0b11,
        MIDNIGHT,
        MIDNIGHT + 30 * DAY,
        &[],
    );
    let (blob, content_key, proofs) = reference::issue(
        &[(*door_key.as_bytes(), b"lobby")],
        0,
        0,
        &body,
        fields.id.as_bytes(),
        &entropy,
    );
    assert_eq!(holder.blob(), &blob[..]);
    assert_eq!(holder.content_key().as_bytes(), &content_key);
    assert_eq!(holder.proofs()[0].proof.as_bytes(), &proofs[0]);
    let caveat = guest_caveat(0x11, 2001, 0b1, NINE, NINE + DAY);
    let guest = holder.delegate(&caveat).unwrap();
    let caveat_plain =
        reference::caveat_plaintext([0x11; 16], 2001, 0b1, false, NINE, NINE + DAY, &[]);
    let siv = reference::split(&blob).siv;
    let sealed = reference::seal_caveat(&content_key, &siv, 1, &caveat_plain);
    assert_eq!(guest.caveats()[0], sealed);
    let t1 = reference::next_tag(&proofs[0], &sealed);
    assert_eq!(guest.proofs()[0].proof.as_bytes(), &t1);
    let nonce: [u8; 16] = core::array::from_fn(|i| 0xa0 + i as u8);
    let presentation = guest.present(&lobby, &nonce).unwrap();
    assert_eq!(
        presentation,
        reference::presentation(
            0,
            &blob,
            std::slice::from_ref(&sealed),
            &t1,
            &nonce,
            b"lobby"
        )
    );
    let (enc, mac) = reference::door_keys(door_key.as_bytes(), b"lobby", 0, 0);
    let hex = reference::to_hex;
    let printed = [
        ("door key", hex(door_key.as_bytes())),
        ("credential-enc", hex(&enc)),
        ("credential-mac", hex(&mac)),
        ("content key", hex(&content_key)),
        ("body plaintext", hex(&body)),
        ("blob", hex(&blob)),
        ("T0", hex(&proofs[0])),
        ("caveat plaintext", hex(&caveat_plain)),
        ("sealed caveat", hex(&sealed)),
        ("T1", hex(&t1)),
        ("response", hex(&presentation[presentation.len() - 32..])),
    ];
    for (what, value) in &printed {
        println!("{what}: {value}");
    }
    // As printed in SPEC.md 16.8.
    let pinned = [
        ("content key", "5423b2bac08ccd4cb838cf6e5b828edc"),
        (
            "blob",
            "0100000000000000000199347d0df4f8aca1f05e746ea3d0e51eb5372a1ae4431e17c98c78c6f0ce\
             73454398435d5c9c31111760eb13c4e747d5ca4ef3f1f3d49169fe951681af5a990a0e0d13bc6477\
             ee33ab9da06c1fd675c7158fef",
        ),
        (
            "T0",
            "9d39ee265815a0b5051145f4dfda83b49057bbeae66a6a390330e1c8305189bf",
        ),
        (
            "T1",
            "862fa6147fd237caaa6f2c0f606f27202b2e9428a61581312d9eb16f98479579",
        ),
        (
            "response",
            "e9e87a8e3ca37df0b21479ff7a9bcb52ccc3eff712ef4cef1e35fda55b554342",
        ),
    ];
    for (what, value) in pinned {
        let got = &printed.iter().find(|(name, _)| *name == what).unwrap().1;
        assert_eq!(got, value, "{what}");
    }
    let context = context(&door_key, &lobby, &nonce, NINE);
    let presented = verify_presentation(&context, &presentation).unwrap();
    assert_eq!((presented.depth, presented.guest), (1, Some(2001)));
}

/// Re-frame an update or state payload with extra bytes appended, signed with `key`.
fn reframe(frame: &[u8], extra: &[u8], key: &[u8; 32]) -> Vec<u8> {
    use hmac::{Hmac, KeyInit, Mac};
    let mut payload = frame[..frame.len() - 32].to_vec();
    payload.extend_from_slice(extra);
    let total = (payload.len() + 32) as u32;
    payload[1..5].copy_from_slice(&total.to_be_bytes());
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(&payload);
    payload.extend_from_slice(&mac.finalize().into_bytes());
    payload
}

#[test]
fn credential_extensions_are_canonical() {
    let door_key = site().door_key(&lobby());
    let update_key = reference::expand(door_key.as_bytes(), b"lock-update", &[b"lobby"]);
    let state_key = reference::expand(door_key.as_bytes(), b"lock-state", &[]);
    let mut out = vec![0u8; max_update_len(64)];
    let len = build_update(
        &door_key,
        1,
        NINE,
        &LockConfig::<64>::new(lobby()),
        &mut out,
    )
    .unwrap();
    let update = &out[..len];
    // The reframing itself is right: the unchanged payload applies.
    let mut lock = lock_at(lobby(), |_| {});
    assert!(
        lock.apply_update(&reframe(update, &[], &update_key))
            .is_ok()
    );
    let cases: [(&[u8], FormatError); 3] = [
        (&[0x43, 0x00], FormatError::NonCanonical),
        (&[0x44, 0x01], FormatError::TrailingBytes),
        (&[0x43, 0x09], FormatError::OutOfRange),
    ];
    for (extra, error) in cases {
        let mut lock = lock_at(lobby(), |_| {});
        assert_eq!(
            lock.apply_update(&reframe(update, extra, &update_key))
                .err(),
            Some(UpdateError::Malformed(error)),
            "{extra:?}"
        );
    }
    // One denied id through a hand-made extension.
    let mut extra = vec![0x43, 0x01];
    extra.extend_from_slice(&[0xee; 16]);
    let mut lock = lock_at(lobby(), |_| {});
    lock.apply_update(&reframe(update, &extra, &update_key))
        .unwrap();
    assert_eq!(lock.config().denied_credentials(), &[id(0xee)]);
    // State: an extension with counter 0 and no ids has one encoding, absent.
    let fresh = lock_at(lobby(), |_| {});
    let mut state = vec![0u8; DefaultLock::MAX_STATE_LEN];
    let state_len = fresh.encode_state(&mut state).unwrap();
    let state = &state[..state_len];
    let mut empty = vec![0x43];
    empty.extend_from_slice(&0u64.to_be_bytes());
    empty.push(0);
    assert!(matches!(
        DefaultLock::restore(
            site().door_key(&lobby()),
            &reframe(state, &empty, &state_key)
        )
        .err(),
        Some(StateError::OutOfRange(FormatError::NonCanonical))
    ));
    let mut counted = vec![0x43];
    counted.extend_from_slice(&7u64.to_be_bytes());
    counted.push(0);
    let restored = DefaultLock::restore(
        site().door_key(&lobby()),
        &reframe(state, &counted, &state_key),
    )
    .unwrap();
    assert_eq!(restored.challenge_counter(), 7);
}

// Orders and limits of SPEC.md 16.2-16.5 that the tests above do not pin. Every expectation is
// derived by hand from the SPEC's order of checks.

/// A blob of `len` bytes: version, issuer 0, epoch 0, `doors`, then zeros.
fn raw_blob(version: u8, doors: u8, len: usize) -> Vec<u8> {
    let mut blob = vec![0u8; len];
    if let Some(first) = blob.first_mut() {
        *first = version;
    }
    if len > 9 {
        blob[9] = doors;
    }
    blob
}

#[test]
fn blob_header_checks_run_in_the_spec_order() {
    assert_eq!(decode_header(&[]), Err(CredentialError::Truncated));
    // Version before length: an oversized blob of another version is UnknownVersion.
    assert_eq!(
        decode_header(&raw_blob(2, 1, MAX_BLOB_LEN + 1)),
        Err(CredentialError::UnknownVersion(2))
    );
    // Length before the door count: an oversized blob with 0 doors is TooLong.
    assert_eq!(
        decode_header(&raw_blob(1, 0, MAX_BLOB_LEN + 1)),
        Err(CredentialError::TooLong)
    );
    // Door count before the SIV: 10 bytes end right after the count.
    assert_eq!(
        decode_header(&raw_blob(1, 0, 10)),
        Err(CredentialError::NoDoors)
    );
    assert_eq!(
        decode_header(&raw_blob(1, 33, 10)),
        Err(CredentialError::TooManyDoors)
    );
    assert_eq!(
        decode_header(&raw_blob(1, 1, 10)),
        Err(CredentialError::Truncated)
    );
    // Body length 51..=454: one door gives blobs of 26 + 16 + 51 = 93 to 26 + 16 + 454 = 496.
    assert_eq!(
        decode_header(&raw_blob(1, 1, 92)),
        Err(CredentialError::Truncated)
    );
    assert!(decode_header(&raw_blob(1, 1, 93)).is_ok());
    assert!(decode_header(&raw_blob(1, 1, 496)).is_ok());
    assert_eq!(
        decode_header(&raw_blob(1, 1, 497)),
        Err(CredentialError::TooLong)
    );
    // 32 doors and the largest body is exactly MAX_BLOB_LEN.
    assert_eq!(26 + 32 * 16 + 454, MAX_BLOB_LEN);
    assert!(decode_header(&raw_blob(1, 32, MAX_BLOB_LEN)).is_ok());
}

#[test]
fn presentation_parsing_refuses_before_the_proof_in_the_spec_order() {
    let holder = resident();
    let nonce = [3u8; 16];
    let door_key = site().door_key(&lobby());
    let lobby_id = lobby();
    let context = context(&door_key, &lobby_id, &nonce, NINE);
    let t0 = *holder.proofs()[0].proof.as_bytes();
    // The response is computed over the chain T0 -> T1 of whatever caveats are sent.
    let with = |caveats: &[Vec<u8>]| {
        let proof = caveats
            .iter()
            .fold(t0, |tag, sealed| reference::next_tag(&tag, sealed));
        reference::presentation(0, holder.blob(), caveats, &proof, &nonce, b"lobby")
    };
    // Sealed caveats are 63..=466 bytes; outside that the parser refuses, before the proof.
    assert_eq!(
        verify_presentation(&context, &with(&[vec![0; 62]])).err(),
        Some(CredentialReject::Malformed(CredentialError::Truncated))
    );
    assert_eq!(
        verify_presentation(&context, &with(&[vec![0; 467]])).err(),
        Some(CredentialReject::Malformed(CredentialError::TooLong))
    );
    // At the bounds the parser accepts and the (forged) chain fails at the proof... unless the
    // chain is recomputed by whoever holds T0: then the caveat is decrypted and fails to parse.
    for len in [63, 466] {
        let mut forged = with(&[vec![0; len]]);
        let last = forged.len() - 1;
        forged[last] ^= 1;
        assert_eq!(
            verify_presentation(&context, &forged).err(),
            Some(CredentialReject::BadProof),
            "{len}"
        );
        assert!(
            matches!(
                verify_presentation(&context, &with(&[vec![0; len]])).err(),
                Some(CredentialReject::Malformed(_))
            ),
            "{len}"
        );
    }
    // Version before length.
    let mut oversized = vec![2u8; MAX_PRESENTATION_LEN + 1];
    oversized[0] = 2;
    assert_eq!(
        verify_presentation(&context, &oversized).err(),
        Some(CredentialReject::Malformed(
            CredentialError::UnknownVersion(2)
        ))
    );
    // The presentation is parsed whole before its blob: a blob of another version in a
    // presentation with a trailing byte is TrailingBytes.
    let mut blob = holder.blob().to_vec();
    blob[0] = 9;
    let mut both = reference::presentation(0, &blob, &[], &t0, &nonce, b"lobby");
    both.push(0);
    assert_eq!(
        verify_presentation(&context, &both).err(),
        Some(CredentialReject::Malformed(CredentialError::TrailingBytes))
    );
    both.pop();
    assert_eq!(
        verify_presentation(&context, &both).err(),
        Some(CredentialReject::Malformed(
            CredentialError::UnknownVersion(9)
        ))
    );
}

#[test]
fn a_slot_beyond_the_door_count_is_malformed_only_after_the_proof() {
    let holder = issue(&resident_fields(true), &[lobby(), unit()]); // D = 2
    let t0 = *holder.proofs()[0].proof.as_bytes();
    let door_key = site().door_key(&lobby());
    let lobby_id = lobby();
    let nonce = [4u8; 16];
    let context = context(&door_key, &lobby_id, &nonce, NINE);
    for slot in [2u8, 31, 200, 255] {
        // The response binds the slot, so whoever holds T0 can present any slot.
        let presentation = reference::presentation(slot, holder.blob(), &[], &t0, &nonce, b"lobby");
        assert_eq!(
            verify_presentation(&context, &presentation).err(),
            Some(CredentialReject::Malformed(
                CredentialError::DoorIndexOutOfRange(slot)
            ))
        );
        // A slot changed in transit fails at the proof first.
        let mut moved = reference::presentation(0, holder.blob(), &[], &t0, &nonce, b"lobby");
        moved[1] = slot;
        assert_eq!(
            verify_presentation(&context, &moved).err(),
            Some(CredentialReject::BadProof)
        );
    }
    // Slot 1 (the unit's) is in range and unwraps a wrong key here: WrongDoor.
    let presentation = reference::presentation(1, holder.blob(), &[], &t0, &nonce, b"lobby");
    assert_eq!(
        verify_presentation(&context, &presentation).err(),
        Some(CredentialReject::WrongDoor)
    );
    // The same through the lock.
    let mut lock = lock_at(lobby(), |_| {});
    let challenge = lock.challenge(&[1; 16], Clock::Set(NINE)).unwrap();
    let presentation =
        reference::presentation(2, holder.blob(), &[], &t0, &challenge.nonce, b"lobby");
    assert_eq!(
        refusal(&lock.present(&presentation, Clock::Set(NINE)).1),
        Some(CredentialReject::Malformed(
            CredentialError::DoorIndexOutOfRange(2)
        ))
    );
}

#[test]
fn a_caveat_that_does_not_parse_is_malformed_before_its_revocation_and_widening() {
    let sharing = resident_with_share_guest(); // link 1: lobby, NINE +- 60 s, may share
    let good = reference::caveat_plaintext([90; 16], 9, 0b001, false, NINE - 60, NINE + 60, &[]);
    // Byte 28 is the flags (16 + 8 + 4), bytes 29..37 not_before.
    let mut flags = good.clone();
    flags[28] = 0x02;
    let mut reversed = good.clone();
    reversed[29..37].copy_from_slice(&(NINE + 61).to_be_bytes());
    let mut trailing = good.clone();
    trailing.push(0);
    // The link id is denied, and the doors widen: parsing still decides first.
    let mut lock = lock_at(lobby(), |c| c.deny_credential(id(90)).unwrap());
    for (plaintext, error) in [
        (&flags, CredentialError::UnknownFlags(0x02)),
        (&reversed, CredentialError::ReversedGrant),
        (&trailing, CredentialError::TrailingBytes),
    ] {
        let mut widened = plaintext.clone();
        widened[27] = 0b011;
        for plaintext in [plaintext, &widened] {
            let forged = force_caveat(&sharing, plaintext);
            assert_eq!(
                refusal(&try_open(&mut lock, &forged, NINE).1),
                Some(CredentialReject::Malformed(error))
            );
        }
    }
    // A well-formed caveat: the denied link decides before its widening ...
    let mut wide = good.clone();
    wide[27] = 0b011;
    assert_eq!(
        refusal(&try_open(&mut lock, &force_caveat(&sharing, &wide), NINE).1),
        Some(CredentialReject::Revoked(Revoked::Link(2)))
    );
    // ... and so does a denied guest; without either, the widening is reported.
    let mut guest_lock = lock_at(lobby(), |c| c.deny_person(9).unwrap());
    assert_eq!(
        refusal(&try_open(&mut guest_lock, &force_caveat(&sharing, &wide), NINE).1),
        Some(CredentialReject::Revoked(Revoked::Guest(2)))
    );
    let mut open_lock = lock_at(lobby(), |_| {});
    assert_eq!(
        refusal(&try_open(&mut open_lock, &force_caveat(&sharing, &wide), NINE).1),
        Some(CredentialReject::Widening {
            link: 2,
            widening: Widening::Doors
        })
    );
    assert_eq!(
        try_open(&mut open_lock, &force_caveat(&sharing, &good), NINE).0,
        KeypadAnswer::Accept
    );
}

#[test]
fn issue_refusals_follow_the_spec_order() {
    let issuer = CredentialIssuer::from_site(&site(), IssuerId(0), Epoch(0), &[lobby(), unit()]);
    let fields = resident_fields(true);
    let refused = |doors: &[DoorId], entropy: &[u8]| issuer.issue(&fields, doors, entropy).err();
    let many = vec![gym(); 33];
    assert_eq!(refused(&many, &[0; 15]), Some(CredentialError::WeakEntropy));
    assert_eq!(refused(&[], &[0; 15]), Some(CredentialError::WeakEntropy));
    assert_eq!(refused(&[], &[0; 16]), Some(CredentialError::NoDoors));
    // 33 doors, all the same and without a key: the count decides.
    assert_eq!(
        refused(&many, &[0; 16]),
        Some(CredentialError::TooManyDoors)
    );
    // Then door by door: the first offending door decides.
    assert_eq!(
        refused(&[gym(), gym()], &[0; 16]),
        Some(CredentialError::NoKeyForDoor)
    );
    assert_eq!(
        refused(&[lobby(), lobby(), gym()], &[0; 16]),
        Some(CredentialError::DuplicateDoor)
    );
    assert_eq!(
        refused(&[lobby(), gym(), lobby()], &[0; 16]),
        Some(CredentialError::NoKeyForDoor)
    );
    assert!(refused(&[unit(), lobby()], &[0; 16]).is_none());
}

#[test]
fn delegate_refusals_follow_the_spec_order() {
    // A full chain refuses a fifth caveat even when that caveat widens everything.
    let mut full = resident();
    for link in 0..4u8 {
        let mut caveat = guest_caveat(100 + link, 1, 0b1, NINE, NINE + DAY);
        caveat.may_share = true;
        full = full.delegate(&caveat).unwrap();
    }
    let everything = guest_caveat(110, 1, 0b1111, NINE - 40 * DAY, NINE + 40 * DAY);
    assert_eq!(
        full.delegate(&everything).err(),
        Some(CredentialError::TooManyCaveats)
    );
    // NotShareable before Doors before Window.
    let closed = resident()
        .delegate(&guest_caveat(111, 1, 0b1, NINE, NINE + DAY))
        .unwrap();
    assert_eq!(
        closed.delegate(&everything).err(),
        Some(CredentialError::Widening(Widening::NotShareable))
    );
    assert_eq!(
        resident().delegate(&everything).err(),
        Some(CredentialError::Widening(Widening::Doors))
    );
    // The window before the schedule rule.
    let mut fields = resident_fields(true);
    fields.schedule = Some(office());
    let scheduled = issue(&fields, &[lobby()]);
    let mut late = guest_caveat(112, 1, 0b1, NINE, NINE + 31 * DAY);
    late.schedule = Some(daytime());
    assert_eq!(
        scheduled.delegate(&late).err(),
        Some(CredentialError::Widening(Widening::Window))
    );
    // A door bit at D (here 1 door, bit 1) widens.
    assert_eq!(
        scheduled
            .delegate(&guest_caveat(113, 1, 0b10, NINE, NINE + DAY))
            .err(),
        Some(CredentialError::Widening(Widening::Doors))
    );
}

/// A holder bundle written from SPEC.md 16.2: `(slot, door, T)` proofs.
fn bundle(blob: &[u8], caveats: &[Vec<u8>], proofs: &[(u8, &[u8])]) -> Vec<u8> {
    let mut out = vec![1u8];
    out.extend_from_slice(resident().content_key().as_bytes());
    out.extend_from_slice(&(blob.len() as u16).to_be_bytes());
    out.extend_from_slice(blob);
    out.push(caveats.len() as u8);
    for caveat in caveats {
        out.extend_from_slice(&(caveat.len() as u16).to_be_bytes());
        out.extend_from_slice(caveat);
    }
    out.push(proofs.len() as u8);
    for (slot, door) in proofs {
        out.push(*slot);
        out.push(door.len() as u8);
        out.extend_from_slice(door);
        out.extend_from_slice(&[0x22; 32]);
    }
    out
}

#[test]
fn holder_bundle_limits_follow_the_spec_order() {
    let holder = resident(); // D = 3
    let blob = holder.blob();
    let read = |bytes: &[u8]| HolderCredential::from_bytes(bytes).err();
    assert!(read(&bundle(blob, &[vec![0; 466]], &[(2, b"gym")])).is_none());
    // Lengths are not checked while reading, so a short caveat is accepted here ...
    let short =
        HolderCredential::from_bytes(&bundle(blob, &[vec![0; 10]], &[(0, b"lobby")])).unwrap();
    // ... and refused when the bundle is opened (no SIV).
    assert_eq!(short.open().err(), Some(CredentialError::Truncated));
    // Counts while reading: caveats, then proofs.
    let five = vec![vec![0u8; 63]; 5];
    let proofs: Vec<(u8, &[u8])> = (0..33).map(|_| (0u8, &b"lobby"[..])).collect();
    assert_eq!(
        read(&bundle(blob, &five, &proofs)),
        Some(CredentialError::TooManyCaveats)
    );
    assert_eq!(
        read(&bundle(blob, &[], &proofs)),
        Some(CredentialError::TooManyDoors)
    );
    assert_eq!(
        read(&bundle(blob, &[], &[(0, b"")])),
        Some(CredentialError::Key(doorcode::keys::KeyError::EmptyDoorId))
    );
    // Structure (trailing bytes) before the blob's header.
    let mut bad_blob = blob.to_vec();
    bad_blob[0] = 7;
    let mut trailing = bundle(&bad_blob, &[], &[(0, b"lobby")]);
    trailing.push(0);
    assert_eq!(read(&trailing), Some(CredentialError::TrailingBytes));
    trailing.pop();
    assert_eq!(read(&trailing), Some(CredentialError::UnknownVersion(7)));
    // Then: the header, a caveat over 466 bytes, a proof slot >= D (the first in order).
    assert_eq!(
        read(&bundle(&bad_blob, &[vec![0; 467]], &[(3, b"lobby")])),
        Some(CredentialError::UnknownVersion(7))
    );
    assert_eq!(
        read(&bundle(blob, &[vec![0; 467]], &[(3, b"lobby")])),
        Some(CredentialError::TooLong)
    );
    assert_eq!(
        read(&bundle(blob, &[], &[(0, b"lobby"), (4, b"a"), (3, b"b")])),
        Some(CredentialError::DoorIndexOutOfRange(4))
    );
    // from_parts applies the same limits to parts that never were bytes.
    let proof = holder.proofs()[0].clone();
    assert_eq!(
        HolderCredential::from_parts(
            blob.to_vec(),
            vec![vec![0; 63]; 5],
            holder.content_key().clone(),
            vec![proof.clone()],
        )
        .err(),
        Some(CredentialError::TooManyCaveats)
    );
    assert_eq!(
        HolderCredential::from_parts(
            blob.to_vec(),
            vec![vec![0; 467]],
            holder.content_key().clone(),
            vec![DoorProof { index: 3, ..proof }],
        )
        .err(),
        Some(CredentialError::TooLong)
    );
}

/// SPEC.md 16.5 steps 1-2: the challenge is consumed before anything else (even with the clock
/// unset), and is fresh exactly when issued with the clock set at `s` and `s <= now <= s + 60`.
#[test]
fn challenge_freshness_bounds_and_consumption() {
    let holder = resident();
    let outcome = |issued: Clock, presented: Clock| {
        let mut lock = lock_at(lobby(), |_| {});
        let challenge = lock.challenge(&[2; 16], issued).unwrap();
        let presentation = holder.answer_challenge(&challenge.to_bytes()).unwrap();
        let (answer, event) = lock.present(&presentation, presented);
        // Whatever the outcome, the challenge is gone.
        let again = lock.present(&presentation, Clock::Set(NINE));
        assert_eq!(
            refusal(&again.1),
            Some(CredentialReject::NoChallenge),
            "{issued:?} {presented:?}"
        );
        (answer, event.reason)
    };
    let expired = Some(RejectReason::Credential(CredentialReject::ChallengeExpired));
    assert_eq!(
        outcome(Clock::Set(NINE), Clock::Set(NINE)),
        (KeypadAnswer::Accept, None)
    );
    assert_eq!(
        outcome(Clock::Set(NINE), Clock::Set(NINE + 60)),
        (KeypadAnswer::Accept, None)
    );
    assert_eq!(
        outcome(Clock::Set(NINE), Clock::Set(NINE + 61)),
        (KeypadAnswer::Reject, expired)
    );
    assert_eq!(
        outcome(Clock::Set(NINE), Clock::Set(NINE - 1)),
        (KeypadAnswer::Reject, expired)
    );
    assert_eq!(
        outcome(Clock::Unset, Clock::Set(NINE)),
        (KeypadAnswer::Reject, expired)
    );
    assert_eq!(
        outcome(Clock::Set(NINE), Clock::Unset),
        (KeypadAnswer::Reject, Some(RejectReason::ClockUnset))
    );
}
