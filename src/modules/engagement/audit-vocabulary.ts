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
  },
  records: {
    eng_event: 'Event',
    eng_booking: 'Booking on an event',
  },
};
