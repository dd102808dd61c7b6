// The web example's service worker: shows a web push as a desktop notification (the tab may be
// closed), and opens the conversation when it is clicked.
'use strict';

self.addEventListener('push', event => {
  let n = {title: 'Acme Help Desk', body: '', url: '/app', tag: undefined, id: undefined};
  try {
    n = Object.assign(n, event.data ? event.data.json() : {});
  } catch (e) {
    n.body = event.data ? event.data.text() : '';
  }
  event.waitUntil(self.registration.showNotification(n.title, {
    body: n.body, tag: n.tag, data: {url: n.url, id: n.id},
  }));
});

self.addEventListener('notificationclick', event => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || '/app';
  event.waitUntil(self.clients.openWindow(url));
});
