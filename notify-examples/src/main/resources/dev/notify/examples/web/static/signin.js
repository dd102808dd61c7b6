'use strict';
// Sign-in: one button per agent. Every piece of text goes in with textContent, never as HTML.
(async function () {
  const box = document.getElementById('agents');
  const error = document.getElementById('signin-error');
  const agents = await (await fetch('/api/agents')).json();
  for (const agent of agents) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'agent';
    b.dataset.agent = agent;
    b.textContent = agent;
    b.addEventListener('click', async () => {
      const r = await fetch('/api/signin', {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({agent: agent}),
      });
      if (r.ok) {
        location.assign('/app?as=' + encodeURIComponent(agent));
      } else {
        error.hidden = false;
        error.textContent = (await r.json()).error;
      }
    });
    box.appendChild(b);
  }
})();
