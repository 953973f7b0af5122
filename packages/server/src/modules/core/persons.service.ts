import type { Page, Person, PersonCreate, PersonListQuery, PersonUpdate } from '@zhili/contracts';
import { pathWithin, requireAccess, scopeOf } from '../../platform/access.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import { maskIdNumber, maskPhone, normalisePii, type PiiCipher } from '../../platform/pii.ts';
import { CoreErrors } from './core.errors.ts';
import { isUniqueViolation } from './core.repo.ts';
import * as repo from './persons.repo.ts';
import { resolveRegion } from './regions.service.ts';

/**
 * True when `actor` may see a person's phone and ID number in clear: it holds `pii.read` over
 * the person's region. A person without a region needs an unrestricted `pii.read`.
 */
export function mayRevealPii(actor: Actor, regionPath: string | null): boolean {
  const scope = scopeOf(actor, 'pii.read');
  return scope.all || (regionPath !== null && scope.regionPaths.some((p) => pathWithin(regionPath, p)));
}

/**
 * The API shape of a person: numbers decrypted, then shown in clear only when `reveal`
 * (see {@link mayRevealPii}), masked (`138****1234`) otherwise.
 */
export function presentPerson(pii: PiiCipher, row: repo.PersonRow, reveal: boolean): Person {
  const open = (data: Buffer | null, mask: (s: string) => string) => {
    if (data === null) return null;
    const plain = pii.decrypt(data);
    return reveal ? plain : mask(plain);
  };
  return {
    id: row.id,
    name: row.name,
    phone: open(row.phoneEnc, maskPhone),
    idNumber: open(row.idNumberEnc, maskIdNumber),
    regionCode: row.regionCode,
    hometown: row.hometown,
  };
}

/** A person as the caller may see them. */
const presentFor = (ctx: Ctx, pii: PiiCipher, row: repo.PersonWithRegion) =>
  presentPerson(pii, row, mayRevealPii(ctx.actor, row.regionPath));

/** Audit entries keep numbers masked: the audit log is read more widely than pii.read reaches. */
const auditView = (pii: PiiCipher, row: repo.PersonRow) => presentPerson(pii, row, false);

/** Sealed column values for a phone or ID number (`null` clears both columns). */
function seal(pii: PiiCipher, kind: 'phone' | 'id_number', plain: string | null) {
  if (plain === null) return { enc: null, index: null };
  return { enc: pii.encrypt(normalisePii(plain)), index: pii.blindIndex(kind, plain) };
}

const idNumberTaken = () =>
  CoreErrors.PERSON_ID_NUMBER_TAKEN([
    { path: 'body.idNumber', code: 'taken', message: 'a person with this ID number is already registered' },
  ]);

/** The path of the region a request refers to in `field`. */
const regionPathOf = async (ctx: Ctx, code: string, field: string) => (await resolveRegion(ctx, code, field)).path;

/**
 * Registers a person in a region of the caller's person.write scope (no region: an
 * unrestricted grant). Phone and ID number are stored sealed, with blind indexes for lookup.
 * Other modules call this for parties, mediators and trainees.
 */
export async function createPerson(ctx: Ctx, pii: PiiCipher, input: PersonCreate): Promise<Person> {
  await requireAccess(ctx, 'person.write');
  const regionPath = input.regionCode === null ? null : await regionPathOf(ctx, input.regionCode, 'body.regionCode');
  await requireAccess(ctx, 'person.write', { regionPath });
  const phone = seal(pii, 'phone', input.phone);
  const idNumber = seal(pii, 'id_number', input.idNumber);
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await repo.insertPerson(tx, {
        name: input.name,
        phoneEnc: phone.enc,
        phoneIndex: phone.index,
        idNumberEnc: idNumber.enc,
        idNumberIndex: idNumber.index,
        regionCode: input.regionCode,
        hometown: input.hometown,
      });
      await recordAudit(ctx, tx, {
        action: 'person.create',
        entity: 'person',
        entityId: row.id,
        after: auditView(pii, row),
      });
      return presentFor(ctx, pii, { ...row, regionPath });
    });
  } catch (err) {
    if (isUniqueViolation(err, repo.ID_NUMBER_UQ)) throw idNumberTaken();
    throw err;
  }
}

/** One person in the caller's person.read scope. */
export async function getPerson(ctx: Ctx, pii: PiiCipher, id: string): Promise<Person> {
  await requireAccess(ctx, 'person.read');
  const row = await repo.findPerson(ctx.db, id);
  if (!row) throw CoreErrors.PERSON_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  await requireAccess(ctx, 'person.read', { regionPath: row.regionPath });
  return presentFor(ctx, pii, row);
}

/**
 * Persons in the caller's scope by name (`q`), region subtree, or exact phone / ID number. The
 * numbers are found through their blind index: the database never sees them in clear.
 */
export async function listPersons(ctx: Ctx, pii: PiiCipher, query: PersonListQuery): Promise<Page<Person>> {
  await requireAccess(ctx, 'person.read');
  const scope = scopeOf(ctx.actor, 'person.read');
  const regionPath = query.region === undefined ? undefined : await regionPathOf(ctx, query.region, 'query.region');
  const { items, total } = await repo.listPersons(
    ctx.db,
    {
      q: query.q,
      phoneIndex: query.phone === undefined ? undefined : pii.blindIndex('phone', query.phone),
      idNumberIndex: query.idNumber === undefined ? undefined : pii.blindIndex('id_number', query.idNumber),
      regionPath,
      visiblePaths: scope.all ? undefined : scope.regionPaths,
    },
    query,
  );
  return { items: items.map((r) => presentFor(ctx, pii, r)), total, page: query.page, pageSize: query.pageSize };
}

/**
 * Changes a person's fields; `null` clears a number, region or hometown. Moving a person to
 * another region needs write scope over both the old and the new one.
 */
export async function updatePerson(ctx: Ctx, pii: PiiCipher, id: string, patch: PersonUpdate): Promise<Person> {
  await requireAccess(ctx, 'person.write');
  const current = await repo.findPerson(ctx.db, id);
  if (!current) throw CoreErrors.PERSON_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
  await requireAccess(ctx, 'person.write', { regionPath: current.regionPath });
  let regionPath = current.regionPath;
  if (patch.regionCode !== undefined && patch.regionCode !== current.regionCode) {
    regionPath = patch.regionCode === null ? null : await regionPathOf(ctx, patch.regionCode, 'body.regionCode');
    await requireAccess(ctx, 'person.write', { regionPath });
  }
  const values: Partial<repo.PersonValues> = {
    name: patch.name,
    regionCode: patch.regionCode,
    hometown: patch.hometown,
  };
  if (patch.phone !== undefined) {
    const phone = seal(pii, 'phone', patch.phone);
    Object.assign(values, { phoneEnc: phone.enc, phoneIndex: phone.index });
  }
  if (patch.idNumber !== undefined) {
    const idNumber = seal(pii, 'id_number', patch.idNumber);
    Object.assign(values, { idNumberEnc: idNumber.enc, idNumberIndex: idNumber.index });
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await repo.updatePerson(tx, id, values);
      if (!row) throw CoreErrors.PERSON_NOT_FOUND([{ path: 'params.id', code: 'not_found', message: id }]);
      await recordAudit(ctx, tx, {
        action: 'person.update',
        entity: 'person',
        entityId: id,
        before: auditView(pii, current),
        after: auditView(pii, row),
      });
      return presentFor(ctx, pii, { ...row, regionPath });
    });
  } catch (err) {
    if (isUniqueViolation(err, repo.ID_NUMBER_UQ)) throw idNumberTaken();
    throw err;
  }
}
