import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How the children module's audit events read on the audit log. */
export const childrenAuditVocabulary: AuditVocabulary = {
  actions: {
    'children.searched': 'Searched for children',
    'children.list.exported': exportedAs('a list of children'),
    'child.viewed': "Viewed a child's record",
    'child.created': 'Added a child',
    'child.changed': "Changed a child's details",
    'child.change.refused': 'Was refused a change, and told why',
    'child.add.refused': "Was refused adding a child with another child's UPN",
    'child.capacity.changed': "Recorded who makes a young person's decisions",
    'parent_carer.added': 'Added a parent or carer',
    'parent_carer.changed': "Changed a parent or carer's details",
  },
  records: {
    child: "Child's record",
    children: 'Children',
    person: 'Parent or carer',
  },
};
