import type { HookHandlers } from '../../platform/hooks.ts';
import { queueNotifications } from '../../platform/notifications/index.ts';
import { familyAccountsOf } from './access.ts';

/**
 * What the portals do when the EHC module tells them something: a family following a request
 * online is told a letter has been sent to them there. The notice names no child and holds no
 * part of the letter.
 */
export const portalHooks: HookHandlers = {
  async 'ehc.letter-sent'(tx, event, actor) {
    const { laCode } = actor.principal;
    const recipients = await familyAccountsOf(tx, laCode, event.childId, actor.today);
    await queueNotifications(
      tx,
      recipients.map((r) => ({
        laCode,
        kind: 'portals.letter',
        toEmail: r.email,
        toName: r.name,
        toUserId: r.id,
        subject: 'You have a new letter on OpenSEND',
        body: event.reviewId
          ? 'The LA has sent you a letter about the review of an EHC plan.\n\nSign in to OpenSEND to read it, under reviews on your home page.'
          : 'The LA has sent you a letter about an EHC needs assessment.\n\nSign in to OpenSEND to read it, under EHC needs assessments on your home page.',
        createdBy: actor.principal.userId,
      })),
    );
  },
};
