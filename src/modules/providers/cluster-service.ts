import { findUserByEmail } from '../../platform/auth/service.ts';
import type { Database } from '../../platform/db/connect.ts';
import { inTenant, type Tx } from '../../platform/db/tenancy.ts';
import { conflict, notFound, unprocessable } from '../../platform/http/problem.ts';
import { parseOrThrow } from '../../platform/http/validation.ts';
import { type Actor, audit, authorise, tenantOf } from './actor.ts';
import * as clusters from './cluster-repo.ts';
import { decideJoin, hostNominationProblem, hostTerm, isCurrent } from './domain/clusters.ts';
import { formatDate } from './domain/dates.ts';
import * as repo from './repo.ts';
import {
  agreementSchema,
  clusterRenameSchema,
  clusterSchema,
  endMembershipSchema,
  type HostInput,
  hostSchema,
  type MembershipInput,
  membershipSchema,
} from './schemas.ts';

export async function listClusters(database: Database, actor: Actor, today: string) {
  authorise(actor, 'providers:read');
  return inTenant(database.db, tenantOf(actor), (tx) => clusters.listClusters(tx, today));
}

async function requireCluster(tx: Tx, id: string, forUpdate = false) {
  const c = /^[0-9a-f-]{36}$/i.test(id) ? await clusters.findCluster(tx, id, { forUpdate }) : undefined;
  if (!c) throw notFound('There is no such cluster in your LA.');
  return c;
}

export async function getCluster(database: Database, actor: Actor, id: string, today: string) {
  authorise(actor, 'providers:read');
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const cluster = await requireCluster(tx, id);
    const members = await clusters.clusterMembers(tx, id);
    const hosts = await clusters.clusterHosts(tx, id);
    return {
      ...cluster,
      currentMembers: members.filter((m) => isCurrent(m, today)),
      futureMembers: members.filter((m) => m.startsOn > today),
      pastMembers: members.filter((m) => m.endsOn !== null && m.endsOn <= today),
      // By their dates, as access follows them: a host nominated for next term is not the host yet.
      currentHost: hosts.find((h) => isCurrent(hostTerm(h), today)) ?? null,
      nextHosts: hosts
        .filter((h) => h.nominatedOn > today && (h.endsOn === null || h.endsOn > h.nominatedOn))
        .sort((a, b) => a.nominatedOn.localeCompare(b.nominatedOn)),
      pastHosts: hosts.filter((h) => h.endsOn !== null && h.endsOn <= today),
    };
  });
}

async function checkNameFree(tx: Tx, name: string, exceptId?: string) {
  const holder = await clusters.clusterIdByName(tx, name);
  if (holder && holder !== exceptId)
    throw unprocessable([{ field: 'name', message: `There is already a cluster called ${name}` }]);
}

export async function createCluster(database: Database, actor: Actor, input: unknown) {
  const data = parseOrThrow(clusterSchema, input);
  authorise(actor, 'providers:write');
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    await checkNameFree(tx, data.name);
    const id = await clusters.insertCluster(tx, actor.laCode, data.name);
    await audit(tx, actor, 'cluster.created', { type: 'cluster', id }, { name: data.name });
    return { id, version: 1 };
  });
}

export async function renameCluster(database: Database, actor: Actor, id: string, input: unknown) {
  const data = parseOrThrow(clusterRenameSchema, input);
  authorise(actor, 'providers:write');
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const cluster = await requireCluster(tx, id, true);
    if (cluster.version !== data.version)
      throw conflict(
        `This cluster was changed by someone else while you were editing it: it is now called ${cluster.name}. Check the name and try again.`,
      );
    await checkNameFree(tx, data.name, id);
    await clusters.renameCluster(tx, id, data.name, data.version);
    await audit(tx, actor, 'cluster.renamed', { type: 'cluster', id }, { from: cluster.name, to: data.name });
    return { id, version: data.version + 1 };
  });
}

/**
 * Puts a school in a cluster from a date. A school is in one cluster at a time: if it is in
 * another, the join is refused naming that cluster, unless `move` asks to end that membership
 * the day this one starts. The database's exclusion constraint stands behind this check.
 */
export async function addClusterMember(
  database: Database,
  actor: Actor,
  clusterId: string,
  input: MembershipInput,
) {
  const data = parseOrThrow(membershipSchema, input);
  authorise(actor, 'providers:write');
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    const cluster = await requireCluster(tx, clusterId, true);
    const schoolId =
      data.establishmentId ??
      (data.urn !== undefined ? await repo.establishmentIdByUrn(tx, data.urn) : undefined);
    // Locking the school serialises two people putting it in clusters at once.
    const school = schoolId ? await repo.findEstablishment(tx, schoolId, { forUpdate: true }) : undefined;
    if (!school)
      throw unprocessable([
        {
          field: 'urn',
          message: data.urn
            ? `There is no school with URN ${data.urn} in your LA`
            : 'There is no such school in your LA',
        },
      ]);
    const memberships = await clusters.membershipsOf(tx, school.id);
    const decision = decideJoin(
      school,
      memberships,
      { clusterId, clusterName: cluster.name, startsOn: data.startsOn, endsOn: data.endsOn ?? null },
      data.move,
    );
    if (!decision.ok) throw unprocessable([{ field: 'urn', message: decision.message }]);
    const movedFrom = decision.endCurrent
      ? memberships.find((m) => m.id === decision.endCurrent?.membershipId)
      : undefined;
    if (decision.endCurrent)
      await clusters.endMembership(tx, decision.endCurrent.membershipId, decision.endCurrent.endsOn);
    const id = await clusters.insertMembership(tx, {
      laCode: actor.laCode,
      clusterId,
      establishmentId: school.id,
      startsOn: data.startsOn,
      endsOn: data.endsOn ?? null,
    });
    await audit(
      tx,
      actor,
      'cluster.member.added',
      { type: 'cluster', id: clusterId },
      {
        membershipId: id,
        establishmentId: school.id,
        urn: school.urn,
        startsOn: data.startsOn,
        endsOn: data.endsOn ?? null,
        ...(movedFrom ? { movedFrom: { clusterId: movedFrom.clusterId, endsOn: data.startsOn } } : {}),
      },
    );
    return {
      id,
      clusterId,
      establishmentId: school.id,
      schoolName: school.name,
      movedFrom: movedFrom?.clusterName,
    };
  });
}

export async function endClusterMembership(
  database: Database,
  actor: Actor,
  clusterId: string,
  membershipId: string,
  input: unknown,
) {
  const data = parseOrThrow(endMembershipSchema, input);
  authorise(actor, 'providers:write');
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    await requireCluster(tx, clusterId, true);
    const m = /^[0-9a-f-]{36}$/i.test(membershipId)
      ? await clusters.findMembership(tx, membershipId)
      : undefined;
    if (!m || m.clusterId !== clusterId) throw notFound('That school is not a member of this cluster.');
    if (data.endsOn <= m.startsOn)
      throw unprocessable([
        {
          field: 'endsOn',
          message: `Date it leaves the cluster must be after ${formatDate(m.startsOn)}, when it joined`,
        },
      ]);
    if (m.endsOn !== null && data.endsOn >= m.endsOn)
      throw unprocessable([
        {
          field: 'endsOn',
          message: `Its membership already ends on ${formatDate(m.endsOn)}; choose an earlier date`,
        },
      ]);
    await clusters.endMembership(tx, m.id, data.endsOn);
    await audit(
      tx,
      actor,
      'cluster.member.ended',
      { type: 'cluster', id: clusterId },
      {
        membershipId: m.id,
        establishmentId: m.establishmentId,
        endsOn: data.endsOn,
      },
    );
    return { id: m.id };
  });
}

/**
 * Records the cluster host, nominated on a date (and agreed by the cluster's headteachers,
 * perhaps later). A new nomination ends the previous host's term on the day it starts.
 */
export async function nominateClusterHost(
  database: Database,
  actor: Actor,
  clusterId: string,
  input: HostInput,
) {
  const data = parseOrThrow(hostSchema, input);
  authorise(actor, 'providers:write');
  const user = data.email ? await findUserByEmail(database, data.email) : undefined;
  if (data.email && (!user || user.laCode !== actor.laCode || !user.active))
    throw unprocessable([
      {
        field: 'email',
        message: `There is no OpenSEND user with the email address ${data.email} in your LA`,
      },
    ]);
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    await requireCluster(tx, clusterId, true);
    const schoolId = data.urn !== undefined ? await repo.establishmentIdByUrn(tx, data.urn) : undefined;
    if (data.urn !== undefined && !schoolId)
      throw unprocessable([{ field: 'urn', message: `There is no school with URN ${data.urn} in your LA` }]);
    const current = (await clusters.clusterHosts(tx, clusterId)).find((h) => h.endsOn === null);
    const problem = hostNominationProblem(
      { nominatedOn: data.nominatedOn, agreedOn: data.agreedOn ?? null },
      current,
    );
    if (problem) throw unprocessable([problem]);
    if (current) await clusters.endHost(tx, current.id, data.nominatedOn);
    const id = await clusters.insertHost(tx, {
      laCode: actor.laCode,
      clusterId,
      name: data.name,
      userId: user?.id ?? null,
      establishmentId: schoolId ?? null,
      nominatedOn: data.nominatedOn,
      agreedOn: data.agreedOn ?? null,
    });
    await audit(
      tx,
      actor,
      'cluster.host.nominated',
      { type: 'cluster', id: clusterId },
      {
        hostId: id,
        name: data.name,
        userId: user?.id ?? null,
        nominatedOn: data.nominatedOn,
        agreedOn: data.agreedOn ?? null,
        ...(current ? { previousHostId: current.id } : {}),
      },
    );
    return { id };
  });
}

export async function recordHostAgreement(
  database: Database,
  actor: Actor,
  clusterId: string,
  input: unknown,
) {
  const data = parseOrThrow(agreementSchema, input);
  authorise(actor, 'providers:write');
  return inTenant(database.db, tenantOf(actor), async (tx) => {
    await requireCluster(tx, clusterId, true);
    const current = (await clusters.clusterHosts(tx, clusterId)).find((h) => h.endsOn === null);
    if (!current)
      throw unprocessable([{ field: 'agreedOn', message: 'Record a cluster host before their agreement' }]);
    const problem = hostNominationProblem(
      { nominatedOn: current.nominatedOn, agreedOn: data.agreedOn },
      undefined,
    );
    if (problem)
      throw unprocessable([
        {
          field: 'agreedOn',
          message: `Date the headteachers agreed must be on or after ${formatDate(current.nominatedOn)}, when ${current.name} was nominated`,
        },
      ]);
    await clusters.recordHostAgreement(tx, current.id, data.agreedOn);
    await audit(
      tx,
      actor,
      'cluster.host.agreed',
      { type: 'cluster', id: clusterId },
      { hostId: current.id, agreedOn: data.agreedOn },
    );
    return { id: current.id };
  });
}

/** Clusters a school may be put in, for the form that moves it. */
export async function clusterChoices(database: Database, actor: Actor, today: string) {
  return listClusters(database, actor, today);
}
