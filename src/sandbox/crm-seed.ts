/**
 * The sandbox's starting data, the same on every start: 450 Leads (enough for three pages of
 * 200), 2,400 Contacts (past the 2,000 records that `page` can reach, case C18), 25 Accounts,
 * one attachment, one finished bulk read job, three users and the organization. Ids are
 * 19-digit strings from fixed starts; every value derives from the record's position.
 */
import { type CrmRecord, CrmStore } from "./crm-store.ts";

/** Id of the first seeded Lead; the others follow one by one. */
export const FIRST_LEAD_ID = 4876876000000123457n;
/** Id of the first seeded Contact. */
export const FIRST_CONTACT_ID = 4876876000000300001n;
/** Id of the first seeded Account. */
export const FIRST_ACCOUNT_ID = 4876876000000500001n;
/** Id of the attachment seeded on the first Lead. */
export const SEEDED_ATTACHMENT_ID = "4876876000000600001";
/** Id of a bulk read job that has already finished. */
export const SEEDED_BULK_JOB_ID = "4876876000000700001";
/** Where ids of records created at run time start. */
const FIRST_NEW_ID = 4876876000000900001n;

export const SEEDED_COUNTS = { Leads: 450, Contacts: 2400, Accounts: 25 } as const;

const FIRST_NAMES = ["Ana", "Bram", "Chen", "Dara", "Emil", "Fatou", "Gus", "Hana", "Ivo"];
const LAST_NAMES = ["Boyle", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad"];
const SOURCES = ["Web", "Cold Call", "Advertisement", "Partner"];

/** Zoho's date-time form for `minutes` after 2025-01-01 00:00 UTC. */
function seedTime(minutes: number): string {
  const text = new Date(Date.UTC(2025, 0, 1) + minutes * 60_000).toISOString();
  return `${text.slice(0, 19)}+00:00`;
}

function person(index: number, firstId: bigint, owner: CrmRecord["Owner"]): CrmRecord {
  const id = (firstId + BigInt(index)).toString();
  const number = index + 1;
  const time = seedTime(index * 7);
  return {
    id,
    First_Name: FIRST_NAMES[index % FIRST_NAMES.length],
    Last_Name: `${LAST_NAMES[index % LAST_NAMES.length]} ${number}`,
    // Every tenth record has no e-mail, so `is null` criteria have something to find.
    Email: number % 10 === 0 ? null : `person${number}@example.com`,
    Phone: `+1 555 01${String(number).padStart(4, "0")}`,
    Lead_Source: SOURCES[index % SOURCES.length],
    Owner: owner,
    Created_Time: time,
    Modified_Time: time,
  };
}

/** A store holding the seed data. */
export function seededCrmStore(): CrmStore {
  const store = new CrmStore(FIRST_NEW_ID);
  const owner = store.currentUser;

  const leads = store.defineModule("Leads");
  for (let i = 0; i < SEEDED_COUNTS.Leads; i++) {
    leads.push({ ...person(i, FIRST_LEAD_ID, owner), Company: `Company ${(i % 40) + 1}` });
  }
  // A name with an apostrophe, for COQL quoting (case C16).
  const eighth = leads[7];
  if (eighth) eighth.Last_Name = "Acme's Warehouse";

  const contacts = store.defineModule("Contacts");
  for (let i = 0; i < SEEDED_COUNTS.Contacts; i++) {
    contacts.push(person(i, FIRST_CONTACT_ID, owner));
  }

  const accounts = store.defineModule("Accounts");
  for (let i = 0; i < SEEDED_COUNTS.Accounts; i++) {
    const time = seedTime(i * 60);
    accounts.push({
      id: (FIRST_ACCOUNT_ID + BigInt(i)).toString(),
      Account_Name: `Company ${i + 1}`,
      Industry: i % 2 === 0 ? "Manufacturing" : "Retail",
      Owner: owner,
      Created_Time: time,
      Modified_Time: time,
    });
  }
  store.defineModule("Deals");

  const brochure = Buffer.from("Sandbox brochure: plain text standing in for a PDF.\n", "utf8");
  store.attach(
    FIRST_LEAD_ID.toString(),
    { fileName: "brochure.pdf", bytes: brochure },
    SEEDED_ATTACHMENT_ID,
  );
  store.addJob({
    id: SEEDED_BULK_JOB_ID,
    module: "Leads",
    fields: ["Last_Name", "Email"],
    createdTime: seedTime(0),
    polls: Number.POSITIVE_INFINITY,
  });

  const roles = ["CEO", "Manager", "Sales Rep"];
  const names = ["Sandbox Admin", "Mira Patel", "Tomas Novak"];
  names.forEach((name, i) => {
    const [first, last] = name.split(" ");
    store.users.push({
      id: (4876876000000000101n + BigInt(i)).toString(),
      first_name: first,
      last_name: last,
      full_name: name,
      email: `${(first ?? "").toLowerCase()}@sandbox.example.com`,
      role: { name: roles[i], id: (4876876000000000201n + BigInt(i)).toString() },
      profile: { name: i === 0 ? "Administrator" : "Standard", id: "4876876000000000301" },
      status: "active",
      time_zone: "Europe/Berlin",
      created_time: seedTime(i),
    });
  });
  store.org = {
    id: "4876876000000000011",
    company_name: "Sandbox Org",
    primary_email: "admin@sandbox.example.com",
    domain_name: "org000000011",
    country_code: "US",
    currency: "USD",
    iso_code: "USD",
    time_zone: "America/New_York",
    zgid: "000000011",
    type: "production",
    max_per_page: 200,
    license_details: { paid: true, paid_type: "enterprise", users_license_purchased: 10 },
  };
  return store;
}
