// The extension page (also the toolbar popup): ranks a feed itself, then asks
// the service worker and the offscreen document to do the same, to show that
// all three extension contexts can run reelrank's WebAssembly.
import { errorData, rankSampleFeed } from './rank-demo.js';

const status = document.querySelector('#status');

async function ask(action) {
  const reply = await chrome.runtime.sendMessage({ to: 'background', action });
  if (!reply?.ok) throw Object.assign(new Error(reply?.error?.message ?? 'no reply'), reply?.error ?? {});
  return reply.value;
}

const result = {};
try {
  result.page = await rankSampleFeed('extension page');
  document.querySelector('#feed').replaceChildren(...result.page.feed.map((r) => {
    const li = document.createElement('li');
    li.textContent = `${r.title} (${r.score.toFixed(3)})`;
    return li;
  }));
  status.textContent = `Interests: ${result.page.interests.join(', ')} (ranked in ${result.page.ms} ms)`;
} catch (err) {
  result.page = { error: errorData(err) };
  status.textContent = `Could not rank here: ${err.message}`;
}
for (const [key, action] of [['serviceWorker', 'rank'], ['offscreen', 'rank-offscreen']]) {
  try {
    result[key] = await ask(action);
  } catch (err) {
    result[key] = { error: errorData(err) };
  }
  const li = document.createElement('li');
  li.textContent = result[key].error ? `${key}: failed: ${result[key].error.message}`
    : `${result[key].where}: ${result[key].feed.length} videos in ${result[key].ms} ms, top ${result[key].feed[0].id}`;
  document.querySelector('#contexts').append(li);
}
window.reelrankResult = result;
document.body.dataset.status = result.page.error ? 'error' : 'done';
