// Templates: htm tagged templates over Preact. An interpolated value is always text (Preact
// sets textContent / attributes, never HTML), so stored strings cannot become markup. Never
// use dangerouslySetInnerHTML in this console.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
