import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { authorOfEveryReview, inStock, products, reviews, reviewsOfAnyUser, users, type Review } from './data.js';

const link =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';

/** The four subgraphs of the benchmark, as SDL (Federation 2) for composition. */
export const sdl = {
  accounts: `${link}
type Query {
  me: User
  user(id: ID!): User
  users: [User]
}
type User @key(fields: "id") {
  id: ID!
  name: String
  username: String @shareable
  birthday: Int
}`,
  inventory: `${link}
type Product @key(fields: "upc") {
  upc: String!
  weight: Int @external
  price: Int @external
  inStock: Boolean
  shippingEstimate: Int @requires(fields: "price weight")
}`,
  products: `${link}
type Query {
  topProducts(first: Int = 5): [Product]
}
type Product @key(fields: "upc") {
  upc: String!
  name: String
  price: Int
  weight: Int
}`,
  reviews: `${link}
type Review @key(fields: "id") {
  id: ID!
  body: String
  product: Product
  author: User @provides(fields: "username")
}
type User @key(fields: "id") {
  id: ID!
  username: String @external
  reviews: [Review]
}
type Product @key(fields: "upc") {
  upc: String!
  reviews: [Review]
}`,
} as const;

export type G1SubgraphName = keyof typeof sdl;
export const g1SubgraphNames = Object.keys(sdl) as G1SubgraphName[];

type Representation = Record<string, unknown>;
const byId = <T extends { id: string }>(list: readonly T[], id: unknown) => list.find((item) => item.id === id) ?? null;

const reviewObject = (review: Review) => ({ id: review.id, body: review.body, product: { upc: review.productUpc } });

/**
 * Resolvers that answer exactly as the benchmark's subgraphs do. Two of its quirks are kept
 * on purpose so the data is the same: the inventory entity ignores the `price`/`weight` the
 * gateway sends (so `shippingEstimate` is always null), and a review's author is always user 1.
 */
const resolvers = {
  accounts: {
    Query: {
      me: () => users[0],
      user: (_: unknown, { id }: { id: string }) => byId(users, id),
      users: () => users,
    },
    User: { __resolveReference: (ref: Representation) => byId(users, ref['id']) },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: Representation) => {
        const upc = String(ref['upc']);
        return inStock.has(upc) ? { upc, inStock: inStock.get(upc), price: null, weight: null } : null;
      },
      shippingEstimate: (product: { price: number | null; weight: number | null }) => {
        if (product.price === null) return null;
        if (product.price > 1000) return 0;
        return product.weight === null ? null : Math.floor(product.weight / 2);
      },
    },
  },
  products: {
    Query: { topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first) },
    Product: { __resolveReference: (ref: Representation) => products.find((item) => item.upc === ref['upc']) ?? null },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: Representation) => {
        const review = byId(reviews, ref['id']);
        return review && reviewObject(review);
      },
      author: () => ({ ...authorOfEveryReview, reviews: reviewsOfAnyUser.map(reviewObject) }),
    },
    User: {
      __resolveReference: (ref: Representation) => ({
        id: ref['id'],
        username: 'user',
        reviews: reviewsOfAnyUser.map(reviewObject),
      }),
    },
    Product: {
      __resolveReference: (ref: Representation) => ({ upc: ref['upc'] }),
      reviews: (product: { upc: string }) =>
        reviews.filter((review) => review.productUpc === product.upc).map(reviewObject),
    },
  },
};

export function buildG1Schema(name: G1SubgraphName): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(sdl[name]), resolvers: resolvers[name] });
}
