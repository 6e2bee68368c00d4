import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

export const peopleAuditVocabulary: AuditVocabulary = {
  actions: {
    'user.invited': 'Invited a user',
    'user.invitation.resent': 'Sent a new invitation',
    'user.invitation.accepted': 'Accepted their invitation',
    'user.roles.changed': "Changed a user's roles",
    'user.deactivated': 'Deactivated a user',
    'user.reactivated': 'Reactivated a user',
    'user.school.linked': 'Linked a user to a school',
    'user.school.unlinked': 'Took a user off a school',
    'user.child.linked': 'Linked a user to a child',
    'user.child.unlinked': 'Took a user off a child',
    'users.exported': exportedAs('users'),
    'users.children.viewed': "Viewed the children linked to a user's account",
    'notifications.exported': exportedAs('notifications'),
  },
  records: { users: 'Users', notifications: 'Notifications' },
};
