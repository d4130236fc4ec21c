/**
 * `pure-decide`: a `decide…` function is domain code wherever it lives. A use case keeps its
 * decide function in one file with its command handler (`<use-case>.ts`), and that file imports
 * Nest; a rule on the file's name could not tell the two apart. This rule follows what each
 * top-level function named `decide` + a capital (decideCloseBreach) reaches in its file: the
 * functions, constants, classes and types it names, and what those name in turn. Everything
 * reached is held to the domain's rules: no import matching the `patterns` (the same groups as
 * the rule on the domain's files: Nest, drivers, I/O, the stores), and neither the clock nor
 * randomness (`new Date()`, `Date.now()`, `Math.random()`). What only the handler uses is free.
 * What a decide function imports from another module is held to that module's own rules (the
 * rules, state and events files are domain files by name).
 */

/** A pattern as no-restricted-imports reads it (`@nestjs/*`, `**\/event-store/**`, `node:fs`): does it match the import or a folder it lies in? */
function matcher(pattern) {
  const source = pattern
    .split(/(\*\*\/?|\*)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^(?:${source})$`);
  return (specifier) => {
    const segments = specifier.split('/');
    return segments.some((_segment, index) => regex.test(segments.slice(0, index + 1).join('/')));
  };
}

const CLOCK_AND_CHANCE = [
  { test: (node) => node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name === 'Date' && node.arguments.length === 0, message: 'Time comes in with the command; no clock in the domain.' },
  { test: (node) => isCall(node, 'Date', 'now'), message: 'Time comes in with the command; no clock in the domain.' },
  { test: (node) => isCall(node, 'Math', 'random'), message: 'Domain code is deterministic.' },
];

function isCall(node, object, property) {
  return (
    node.type === 'CallExpression' &&
    node.callee.type === 'MemberExpression' &&
    node.callee.object.type === 'Identifier' &&
    node.callee.object.name === object &&
    node.callee.property.type === 'Identifier' &&
    node.callee.property.name === property
  );
}

const within = (inner, outer) => inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];

/** A top-level `function decideX` or `const decideX = …`, exported or not. */
function decideFunctions(program) {
  const found = [];
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (!declaration) continue;
    if (declaration.type === 'FunctionDeclaration' && declaration.id && /^decide[A-Z]/.test(declaration.id.name)) found.push({ name: declaration.id.name, node: declaration });
    if (declaration.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === 'Identifier' && /^decide[A-Z]/.test(declarator.id.name)) found.push({ name: declarator.id.name, node: declarator });
      }
    }
  }
  return found;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps decide functions, and all they reach in their file, free of infrastructure, the clock and randomness.' },
    schema: [
      {
        type: 'object',
        properties: {
          patterns: {
            type: 'array',
            items: { type: 'object', properties: { group: { type: 'array', items: { type: 'string' } }, message: { type: 'string' }, allowTypeImports: { type: 'boolean' } }, required: ['group'] },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      import: "{{decide}} reaches '{{name}}' from '{{source}}': {{message}}",
      syntax: '{{decide}} reaches this: {{message}}',
    },
  },
  create(context) {
    const groups = (context.options[0]?.patterns ?? []).map((group) => ({ ...group, matches: group.group.map(matcher) }));
    const sourceCode = context.sourceCode;
    return {
      'Program:exit'(program) {
        const scopes = sourceCode.scopeManager.scopes;
        const reported = new Set();
        const report = (node, messageId, data) => {
          const key = `${node.range[0]}:${node.range[1]}:${messageId}`;
          if (reported.has(key)) return;
          reported.add(key);
          context.report({ node, messageId, data });
        };
        for (const decide of decideFunctions(program)) {
          const reached = [decide.node];
          const seen = new Set([decide.node]);
          for (let index = 0; index < reached.length; index++) {
            const node = reached[index];
            // What the node names outside itself.
            for (const scope of scopes) {
              for (const reference of scope.references) {
                if (!within(reference.identifier, node)) continue;
                const variable = reference.resolved;
                if (!variable) continue;
                for (const definition of variable.defs) {
                  if (within(definition.name, node)) continue;
                  if (definition.type === 'ImportBinding') {
                    const declaration = definition.parent;
                    const source = declaration.source.value;
                    const typeOnly = declaration.importKind === 'type' || definition.node.importKind === 'type' || (reference.isTypeReference && !reference.isValueReference);
                    const group = groups.find((candidate) => candidate.matches.some((matches) => matches(source)));
                    if (group && !(group.allowTypeImports && typeOnly)) {
                      report(reference.identifier, 'import', { decide: decide.name, name: reference.identifier.name, source, message: group.message ?? 'Domain code is pure.' });
                    }
                  } else if (definition.node && !seen.has(definition.node) && definition.node !== program) {
                    seen.add(definition.node);
                    reached.push(definition.node);
                  }
                }
              }
            }
            // The clock and chance, anywhere inside the node.
            const visit = (child) => {
              for (const rule of CLOCK_AND_CHANCE) if (rule.test(child)) report(child, 'syntax', { decide: decide.name, message: rule.message });
              for (const key of sourceCode.visitorKeys[child.type] ?? []) {
                const value = child[key];
                if (Array.isArray(value)) value.forEach((member) => member && typeof member.type === 'string' && visit(member));
                else if (value && typeof value.type === 'string') visit(value);
              }
            };
            visit(node);
          }
        }
      },
    };
  },
};
