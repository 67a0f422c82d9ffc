// The whole worker: reelrank answers the page's requests from here, so
// training and ranking never block the page. (Import maps do not reach into
// workers, so this file names the package's file; with a bundler write
// `import { serve } from 'reelrank/worker'`.)
import { serve } from './node_modules/reelrank/dist/worker.js';

serve();
