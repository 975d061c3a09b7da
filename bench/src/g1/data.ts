/**
 * The data of The Guild's graphql-gateways-benchmark (accounts, inventory, products, reviews),
 * written out again here: six users, nine products with their stock, eleven reviews.
 * The values are the benchmark's, so responses are comparable with its published ones.
 */

export interface User {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  readonly birthday: number;
}

export interface Product {
  readonly upc: string;
  readonly name: string;
  readonly price: number;
  readonly weight: number;
}

export interface Review {
  readonly id: string;
  readonly body: string;
  readonly productUpc: string;
}

const person = (id: string, name: string, username: string): User => ({ id, name, username, birthday: 1234567890 });

export const users: readonly User[] = [
  person('1', 'Uri Goldshtein', 'urigo'),
  person('2', 'Dotan Simha', 'dotansimha'),
  person('3', 'Kamil Kisiela', 'kamilkisiela'),
  person('4', 'Arda Tanrikulu', 'ardatan'),
  person('5', 'Gil Gardosh', 'gilgardosh'),
  person('6', 'Laurin Quast', 'laurin'),
];

const product = (upc: string, name: string, price: number, weight: number): Product => ({ upc, name, price, weight });

export const products: readonly Product[] = [
  product('1', 'Table', 899, 100),
  product('2', 'Couch', 1299, 1000),
  product('3', 'Glass', 15, 20),
  product('4', 'Chair', 499, 100),
  product('5', 'TV', 1299, 1000),
  product('6', 'Lamp', 6999, 300),
  product('7', 'Grill', 3999, 2000),
  product('8', 'Fridge', 100000, 6000),
  product('9', 'Sofa', 9999, 800),
];

/** upc -> in stock (the inventory subgraph's only own data). */
export const inStock: ReadonlyMap<string, boolean> = new Map([
  ['1', true],
  ['2', false],
  ['3', false],
  ['4', false],
  ['5', true],
  ['6', true],
  ['7', true],
  ['8', false],
  ['9', true],
]);

const lorem =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.';
const sedUt =
  'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam, eaque ipsa quae ab illo inventore veritatis et quasi architecto beatae vitae dicta sunt explicabo. Nemo enim ipsam voluptatem quia voluptas sit aspernatur aut odit aut fugi';
const sedQuia =
  'sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt. Neque porro quisquam est, qui dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, sed quia non numquam eius modi tempora incidunt ut labore et dolore magnam aliquam quaerat voluptatem.';
const utEnim =
  'Ut enim ad minima veniam, quis nostrum exercitationem ullam corporis suscipit laboriosam, nisi ut aliquid ex ea commodi consequatur? Quis autem';
const atVero =
  'At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium voluptatum deleniti atque corrupti quos dolores et quas molestias excepturi sint occaecati cupiditate non provident, similique sunt in culpa qui officia deserunt mollitia animi, id est laborum et dolorum fuga. Et harum quidem rerum facilis est et expedita distinctio. Nam libero tempore, cum soluta nobis est eligendi optio cumque nihil impedit quo minus id quod maxime placeat facere possimus, omnis voluptas assumenda est, omnis dolor repellendus. Temporibus autem quibusdam et aut officiis debitis aut rerum necessitatibus saepe eveniet ut et voluptates repudiandae sint et molestiae non recusandae. Itaque earum rerum hic tenetur a sapiente delectus, ut aut reiciendis voluptatibus maiores alias consequatur aut perferendis doloribus asperiores repellat.';

const bodies: readonly [string, string][] = [
  [lorem, '1'],
  [sedUt, '1'],
  [sedQuia, '1'],
  [utEnim, '1'],
  [lorem, '2'],
  [sedUt, '2'],
  [sedQuia, '2'],
  [utEnim, '2'],
  [utEnim, '3'],
  [utEnim, '4'],
  [atVero, '4'],
];

export const reviews: readonly Review[] = bodies.map(([body, productUpc], index) => ({
  id: String(index + 1),
  body,
  productUpc,
}));

/**
 * In the benchmark's reviews subgraph every user's `reviews` are the first two reviews, and
 * every review's `author` is user 1 (with `username` provided by the reviews subgraph).
 */
export const reviewsOfAnyUser: readonly Review[] = reviews.slice(0, 2);
export const authorOfEveryReview = { id: '1', username: 'urigo' } as const;
