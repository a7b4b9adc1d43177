/**
 * The sandbox's CRM data: records per module, attachments per record, bulk read jobs, users
 * and the organization, all in memory. Record ids are 19-digit strings (Zoho's ids exceed
 * 2^53, zoho-facts §6); new ones count up from a fixed start, so runs are repeatable.
 *
 * Limitations: only the modules seeded by `crm-seed.ts` exist (no custom modules, no field
 * metadata: any field name is accepted on write); records keep insertion order.
 */

/** One CRM record as stored: field API names to values; `id` is always a string. */
export type CrmRecord = Record<string, unknown> & { id: string };

/** A file attached to a record. */
export interface StoredAttachment {
  readonly id: string;
  readonly fileName: string;
  /** The file's bytes; undefined for a link attachment (`attachmentUrl`). */
  readonly bytes: Buffer | undefined;
  /** The linked address, for a link attachment. */
  readonly url?: string;
  readonly createdTime: string;
}

/** A bulk read job; its state moves on with each status request (see `bulk-read.ts`). */
export interface BulkReadJob {
  readonly id: string;
  readonly module: string;
  readonly fields: readonly string[];
  readonly createdTime: string;
  /** One condition on a field, when the job was created with criteria. */
  readonly criterion?: {
    readonly api_name: string;
    readonly comparator: "equal" | "not_equal";
    readonly value: unknown;
  };
  /** Status requests answered so far. */
  polls: number;
}

/** Who made or changed a record, as Zoho writes it in `Created_By` / `Modified_By`. */
export interface CrmUserRef {
  readonly name: string;
  readonly id: string;
}

/** The in-memory CRM of one sandbox. */
export class CrmStore {
  readonly #modules = new Map<string, CrmRecord[]>();
  readonly #attachments = new Map<string, StoredAttachment[]>();
  readonly #jobs = new Map<string, BulkReadJob>();
  #nextId: bigint;
  /** Users of the org, in seed order. */
  readonly users: Record<string, unknown>[] = [];
  /** The organization's details, as Get Organization answers them. */
  org: Record<string, unknown> = {};
  /** The user every write is attributed to. */
  currentUser: CrmUserRef = { name: "Sandbox Admin", id: "4876876000000000101" };
  /** Time written into new records and jobs (Zoho's form, with an offset). */
  now: () => string = () => "2026-01-01T00:00:00+00:00";

  constructor(firstNewId: bigint) {
    this.#nextId = firstNewId;
  }

  /** A fresh 19-digit id. */
  newId(): string {
    const id = this.#nextId.toString();
    this.#nextId += 1n;
    return id;
  }

  /** Creates (or empties) a module. */
  defineModule(name: string): CrmRecord[] {
    const records: CrmRecord[] = [];
    this.#modules.set(name, records);
    return records;
  }

  /** The records of a module in insertion order, or undefined for an unknown module. */
  records(module: string): CrmRecord[] | undefined {
    return this.#modules.get(module);
  }

  /** The module names, in definition order. */
  moduleNames(): string[] {
    return [...this.#modules.keys()];
  }

  /** One record by id, or undefined. */
  find(module: string, id: string): CrmRecord | undefined {
    return this.#modules.get(module)?.find((record) => record.id === id);
  }

  /** Removes a record and its attachments; false when it did not exist. */
  remove(module: string, id: string): boolean {
    const records = this.#modules.get(module);
    const index = records?.findIndex((record) => record.id === id) ?? -1;
    if (records === undefined || index < 0) return false;
    records.splice(index, 1);
    this.#attachments.delete(id);
    return true;
  }

  /** The attachments of a record, oldest first (a new array each call). */
  attachments(recordId: string): StoredAttachment[] {
    return [...(this.#attachments.get(recordId) ?? [])];
  }

  /** Attaches a file (bytes) or a link (url) to a record and returns the attachment. */
  attach(
    recordId: string,
    file: { fileName: string; bytes?: Uint8Array; url?: string },
    id = this.newId(),
  ): StoredAttachment {
    const attachment: StoredAttachment = {
      id,
      fileName: file.fileName,
      bytes: file.bytes === undefined ? undefined : Buffer.from(file.bytes),
      ...(file.url === undefined ? {} : { url: file.url }),
      createdTime: this.now(),
    };
    this.#attachments.set(recordId, [...this.attachments(recordId), attachment]);
    return attachment;
  }

  /** Registers a bulk read job. */
  addJob(job: BulkReadJob): void {
    this.#jobs.set(job.id, job);
  }

  /** A bulk read job by id, or undefined. */
  job(id: string): BulkReadJob | undefined {
    return this.#jobs.get(id);
  }
}
