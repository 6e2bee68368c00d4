import { type AuditVocabulary, exportedAs } from '../../platform/audit/index.ts';

/** How events, consultations and MI sheets read on the audit log. */
export const engagementAuditVocabulary: AuditVocabulary = {
  actions: {
    'engagement.event.created': 'Set up an event',
    'engagement.event.changed': 'Changed an event',
    'engagement.event.cancelled': 'Cancelled an event and told the people booked',
    'engagement.booking.made': 'Booked a place on an event',
    'engagement.booking.queued': 'Joined the waiting list for an event',
    'engagement.booking.cancelled': 'Cancelled a place on an event',
    'engagement.bookings.read': 'Read the bookings for an event',
    'engagement.bookings.exported': exportedAs('the bookings for an event'),
    'engagement.events.exported': exportedAs('the list of events'),
    'engagement.attendance.recorded': 'Recorded who came to an event',
    'engagement.reminders.queued': 'Sent event reminders and asked for feedback',
    'engagement.mi-sheet.drafted': 'Drafted an MI sheet',
    'engagement.mi-sheet.published': 'Sent an MI sheet to schools',
    'engagement.mi-sheet.chased': 'Chased schools about an MI sheet',
    'engagement.mi-sheet.file-added': 'Attached a file to an MI sheet',
    'engagement.mi-sheet.acknowledged': 'Said their school has read an MI sheet',
    'engagement.mi-sheet.completed': 'Said their school has done what an MI sheet asks',
    'engagement.mi-sheets.exported': exportedAs('the list of MI sheets'),
    'engagement.mi-sheet.schools-exported': exportedAs('the schools’ answers to an MI sheet'),
  },
  records: {
    eng_mi_sheet: 'MI sheet',
    eng_event: 'Event',
    eng_booking: 'Booking on an event',
  },
};
