// The demo console: the browser build of the package (../pkg-web, `wasm-bindgen --target web`),
// no framework and no build step. Everything below runs in the page; nothing is sent anywhere.
import init, {
  AccessRule,
  DailyIssuer,
  DailyVerifier,
  Schedule,
  checkPolicy,
  deriveDoorKey,
  guessOdds,
  localDate,
  parseZone,
} from "../pkg-web/doorcode_wasm.js";

/** The site secret of `doorcode demo` (cli/src/demo.rs): public, INSECURE, demo only. */
const DEMO_SITE_SECRET = "doorcode-demo-site-key-INSECURE!";
const SITE_SECRET_HEX = Array.from(new TextEncoder().encode(DEMO_SITE_SECRET), (byte) =>
  byte.toString(16).padStart(2, "0"),
).join("");

/** The demo site's doors: the CLI demo's two doors (UTC+01:00) and one in New York. */
const DOORS = [
  { id: "demo-door", zone: "<+01>-1", label: "demo-door (UTC+01:00), as in doorcode demo" },
  { id: "demo-door-2", zone: "<+01>-1", label: "demo-door-2 (UTC+01:00)" },
  { id: "lobby-new-york", zone: "EST5EDT,M3.2.0,M11.1.0", label: "lobby-new-york (US Eastern)" },
];

/** Issuers enabled at every demo door: the backend only. */
const ISSUERS = [{ issuer: 0, epoch: 0 }];

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"];

/** Demo Keys: the schedules a Key can carry (weekly windows; exceptions work the same way). */
const KEYS = {
  staff: {
    label: "Staff",
    description: "Monday to Friday 08:00–18:00.",
    items: [{ type: "window", days: WEEKDAYS, start: "08:00", end: "18:00" }],
  },
  cleaner: {
    label: "Cleaner",
    description: "Tuesday and Thursday 10:00–12:30; Saturday 22:00 to Sunday 02:00 (overnight).",
    items: [
      { type: "window", days: ["tue", "thu"], start: "10:00", end: "12:30" },
      { type: "window", days: ["sat"], start: "22:00", end: "02:00" },
    ],
  },
  guest: {
    label: "Weekend guest",
    description: "Every day 15:00 to 11:00 the next morning, Friday to Monday.",
    items: [{ type: "window", days: ["fri", "sat", "sun"], start: "15:00", end: "11:00" }],
  },
};

const DAY_LABELS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const $ = (id) => document.getElementById(id);
const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

function showError(error) {
  const box = byTestId("error");
  if (error) {
    box.textContent = error instanceof Error ? error.message : String(error);
    box.hidden = false;
  } else {
    box.textContent = "";
    box.hidden = true;
  }
}

/** Per door: its key (derived in the page from the demo secret) and its parsed `Zone`. */
const doorState = new Map();

/** The selected door with its key and zone. */
function selectedDoor() {
  const door = DOORS.find((d) => d.id === $("door").value) ?? DOORS[0];
  return { ...door, ...doorState.get(door.id) };
}

function policy() {
  return { digits: Number($("digits").value) };
}

/** The Monday on or before a `YYYY-MM-DD` date (a proleptic Gregorian date, no zone involved). */
function mondayOf(date) {
  const day = new Date(`${date}T00:00:00Z`);
  const fromMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - fromMonday);
  return day.toISOString().slice(0, 10);
}

function issueCodes() {
  showError(null);
  const table = byTestId("codes");
  const body = table.querySelector("tbody");
  body.replaceChildren();
  const door = selectedDoor();
  const slots = Math.min(10, Math.max(1, Number($("slots").value) || 1));
  let issuer;
  try {
    issuer = new DailyIssuer(door.key, door.id, 0, 0, policy());
    for (const kind of ["daily", "single-use"]) {
      for (let slot = 0; slot < slots; slot++) {
        const code = issuer.issue($("date").value, kind, slot);
        const row = document.createElement("tr");
        row.dataset.testid = `code-row-${kind}-${slot}`;
        const cells = [kind, String(slot), code].map((text) => {
          const cell = document.createElement("td");
          cell.textContent = text;
          return cell;
        });
        cells[2].className = "code";
        cells[2].dataset.testid = `code-${kind}-${slot}`;
        row.append(...cells);
        body.append(row);
      }
    }
    table.hidden = false;
  } catch (error) {
    table.hidden = true;
    showError(error);
  } finally {
    issuer?.free();
  }
}

function checkCode() {
  showError(null);
  const out = byTestId("check-result");
  out.replaceChildren();
  for (const name of ["accepted", "reason", "kind", "slot", "date"]) delete out.dataset[name];
  const door = selectedDoor();
  let verifier;
  try {
    const date = $("date").value;
    const time = $("check-time").value || "12:00";
    const now = door.zoneObject.resolve(`${date}T${time}`);
    verifier = new DailyVerifier(door.key, door.id, policy(), ISSUERS);
    const result = verifier.verify($("check-code").value, now, door.zoneObject);
    const verdict = document.createElement("span");
    out.dataset.accepted = String(result.accepted);
    if (result.accepted) {
      verdict.className = "accepted";
      verdict.textContent = "Accepted";
      Object.assign(out.dataset, { kind: result.kind, slot: String(result.slot), date: result.date });
      out.append(verdict, `: ${result.kind} code, slot ${result.slot}, issued for ${result.date} by issuer ${result.issuer}.`);
    } else {
      verdict.className = "rejected";
      verdict.textContent = "Rejected";
      out.dataset.reason = result.reason;
      out.append(verdict, ` (${result.reason}): ${result.message}`);
    }
  } catch (error) {
    showError(error);
  } finally {
    verifier?.free();
  }
}

function renderGrid() {
  const table = byTestId("schedule-grid");
  table.replaceChildren();
  const key = KEYS[$("key").value] ?? KEYS.staff;
  byTestId("key-description").textContent = key.description;
  const door = selectedDoor();
  const monday = mondayOf($("date").value);
  const schedule = new Schedule(key.items);
  const rule = new AccessRule(null);
  try {
    rule.addSchedule(schedule);
    const grid = rule.weekGrid(monday, door.zoneObject, 60);
    const head = document.createElement("tr");
    const corner = document.createElement("th");
    corner.className = "day";
    corner.textContent = `week of ${monday}`;
    head.append(corner);
    for (let hour = 0; hour < 24; hour++) {
      const th = document.createElement("th");
      th.textContent = String(hour).padStart(2, "0");
      head.append(th);
    }
    table.append(head);
    grid.forEach((row, day) => {
      const tr = document.createElement("tr");
      const label = document.createElement("th");
      label.className = "day";
      label.textContent = DAY_LABELS[day];
      tr.append(label);
      row.forEach((open, hour) => {
        const td = document.createElement("td");
        td.className = open ? "open" : "closed";
        td.dataset.testid = `cell-${day}-${hour}`;
        td.dataset.open = String(open);
        td.title = `${DAY_LABELS[day]} ${String(hour).padStart(2, "0")}:00 ${open ? "open" : "closed"}`;
        tr.append(td);
      });
      table.append(tr);
    });
  } catch (error) {
    showError(error);
  } finally {
    rule.free();
    schedule.free();
  }
}

function renderOdds() {
  const out = byTestId("odds");
  const odds = guessOdds(policy(), ISSUERS.length);
  out.dataset.accepted = String(odds.accepted);
  out.dataset.space = String(odds.space);
  out.dataset.expectedGuesses = String(odds.expectedGuesses);
  out.dataset.withinCeiling = String(odds.withinCeiling);
  const format = (n) => n.toLocaleString("en-US");
  let text =
    `A random ${policy().digits}-digit entry opens the door with odds of ${format(odds.accepted)} in ` +
    `${format(odds.space)}, about 1 in ${odds.expectedGuesses === null ? "∞" : format(odds.expectedGuesses)} ` +
    `(at worst: inside the midnight grace, when two days' codes are accepted).`;
  try {
    checkPolicy(policy(), ISSUERS.length);
    text += " Within the library's ceiling of 1 in 10,000.";
  } catch (error) {
    text += ` Refused by the library: ${error.message}`;
  }
  out.textContent = text;
}

function renderAll() {
  showError(null);
  const door = DOORS.find((d) => d.id === $("door").value) ?? DOORS[0];
  byTestId("zone").textContent = door.zone;
  byTestId("codes").hidden = true;
  byTestId("check-result").replaceChildren();
  renderGrid();
  renderOdds();
}

async function main() {
  await init();
  for (const door of DOORS) {
    doorState.set(door.id, { key: deriveDoorKey(SITE_SECRET_HEX, door.id), zoneObject: parseZone(door.zone) });
  }
  for (const door of DOORS) $("door").append(new Option(door.label, door.id));
  for (let digits = 6; digits <= 12; digits++) {
    $("digits").append(new Option(String(digits), String(digits), digits === 7, digits === 7));
  }
  for (const [id, key] of Object.entries(KEYS)) $("key").append(new Option(key.label, id));
  const door = selectedDoor();
  $("date").value = localDate(Math.floor(Date.now() / 1000), door.zoneObject);
  for (const id of ["door", "date", "digits", "key"]) $(id).addEventListener("change", renderAll);
  $("issue").addEventListener("click", issueCodes);
  $("check").addEventListener("click", checkCode);
  $("check-code").addEventListener("keydown", (event) => {
    if (event.key === "Enter") checkCode();
  });
  renderAll();
  const status = byTestId("status");
  status.textContent = "Ready.";
  status.dataset.ready = "true";
}

main().catch((error) => {
  byTestId("status").textContent = "Failed to start.";
  showError(error);
});
