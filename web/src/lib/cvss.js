// The base metrics of each CVSS version (names and values as FIRST's specifications spell
// them), to build a vector from choices and to read choices back from a pasted vector. Scores
// always come from the node (POST /api/v1/cvss): one implementation, tested against FIRST's.
const v3 = [
  ['AV', 'Attack Vector', { N: 'Network', A: 'Adjacent', L: 'Local', P: 'Physical' }],
  ['AC', 'Attack Complexity', { L: 'Low', H: 'High' }],
  ['PR', 'Privileges Required', { N: 'None', L: 'Low', H: 'High' }],
  ['UI', 'User Interaction', { N: 'None', R: 'Required' }],
  ['S', 'Scope', { U: 'Unchanged', C: 'Changed' }],
  ['C', 'Confidentiality', { H: 'High', L: 'Low', N: 'None' }],
  ['I', 'Integrity', { H: 'High', L: 'Low', N: 'None' }],
  ['A', 'Availability', { H: 'High', L: 'Low', N: 'None' }],
];
export const versions = {
  '2.0': {
    prefix: '',
    metrics: [
      ['AV', 'Access Vector', { L: 'Local', A: 'Adjacent Network', N: 'Network' }],
      ['AC', 'Access Complexity', { H: 'High', M: 'Medium', L: 'Low' }],
      ['Au', 'Authentication', { M: 'Multiple', S: 'Single', N: 'None' }],
      ['C', 'Confidentiality Impact', { N: 'None', P: 'Partial', C: 'Complete' }],
      ['I', 'Integrity Impact', { N: 'None', P: 'Partial', C: 'Complete' }],
      ['A', 'Availability Impact', { N: 'None', P: 'Partial', C: 'Complete' }],
    ],
  },
  '3.0': { prefix: 'CVSS:3.0/', metrics: v3 },
  '3.1': { prefix: 'CVSS:3.1/', metrics: v3 },
  '4.0': {
    prefix: 'CVSS:4.0/',
    metrics: [
      ['AV', 'Attack Vector', { N: 'Network', A: 'Adjacent', L: 'Local', P: 'Physical' }],
      ['AC', 'Attack Complexity', { L: 'Low', H: 'High' }],
      ['AT', 'Attack Requirements', { N: 'None', P: 'Present' }],
      ['PR', 'Privileges Required', { N: 'None', L: 'Low', H: 'High' }],
      ['UI', 'User Interaction', { N: 'None', P: 'Passive', A: 'Active' }],
      ['VC', 'Vulnerable System Confidentiality', { H: 'High', L: 'Low', N: 'None' }],
      ['VI', 'Vulnerable System Integrity', { H: 'High', L: 'Low', N: 'None' }],
      ['VA', 'Vulnerable System Availability', { H: 'High', L: 'Low', N: 'None' }],
      ['SC', 'Subsequent System Confidentiality', { H: 'High', L: 'Low', N: 'None' }],
      ['SI', 'Subsequent System Integrity', { H: 'High', L: 'Low', N: 'None' }],
      ['SA', 'Subsequent System Availability', { H: 'High', L: 'Low', N: 'None' }],
    ],
  },
};

export function vectorOf(version, choices) {
  const v = versions[version];
  return v.prefix + v.metrics.map(([key]) => `${key}:${choices[key]}`).join('/');
}

// A pasted vector as {version, choices}; null when it is not one of the four.
export function parseVector(text) {
  const s = text.trim();
  let version = '2.0';
  let body = s.replace(/^\(|\)$/g, '');
  const m = /^CVSS:(3\.0|3\.1|4\.0)\/(.*)$/.exec(body);
  if (m) {
    version = m[1];
    body = m[2];
  }
  const choices = {};
  for (const part of body.split('/')) {
    const [key, value] = part.split(':');
    if (key && value) choices[key] = value;
  }
  const known = versions[version].metrics;
  for (const [key, , values] of known) if (!(choices[key] in values)) return null;
  return { version, choices };
}

export function defaults(version) {
  const out = {};
  for (const [key, , values] of versions[version].metrics) out[key] = Object.keys(values)[0];
  return out;
}
