import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdown, slugOf } from './markdown.ts';

test('an editor’s Markdown becomes GOV.UK HTML, with headings under the page title', () => {
  assert.equal(
    renderMarkdown('# Who can have them\n\nAsk your **school**.\n\n- one\n- two'),
    '<h2 class="govuk-heading-m">Who can have them</h2>\n<p class="govuk-body">Ask your <strong>school</strong>.</p>\n<ul class="govuk-list govuk-list--bullet">\n<li>one</li>\n<li>two</li>\n</ul>\n',
  );
});

test('HTML and script in Markdown are shown as text, and only safe links are made', () => {
  const html = renderMarkdown(
    '<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[bad](javascript:alert(1)) [good](https://example.org)',
  );
  assert.doesNotMatch(html, /<script|<img|href="javascript/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /<a href="https:\/\/example.org" class="govuk-link">good<\/a>/);
});

test('a page’s address is its title in lower case, words joined by hyphens', () => {
  assert.equal(slugOf('Short breaks: who can have them?'), 'short-breaks-who-can-have-them');
  assert.equal(slugOf('  Café & “Crèche” '), 'cafe-creche');
});
