import { describe, expect, it } from '@jest/globals';
import { IsInt, IsString, MaxLength } from 'class-validator';
import { RequestValidationPipe } from './validation.js';
import { RequestValidationError } from './request-errors.js';

class Parent {
  @IsString()
  name!: string;
}

class Child extends Parent {
  @IsInt()
  count!: number;
}

const validate = (metatype: new () => object, value: unknown) => new RequestValidationPipe().transform(value, { type: 'body', metatype });
const problems = async (metatype: new () => object, value: unknown) => {
  try {
    await validate(metatype, value);
    return [];
  } catch (error) {
    if (error instanceof RequestValidationError) return error.errors;
    throw error;
  }
};

describe('the request validation pipe keeps each class’s validation metadata', () => {
  it('validates the same body the same way every time, inherited rules included', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect(await problems(Child, { name: 'a', count: 1 })).toEqual([]);
      expect(await problems(Child, { name: 1, count: 'x', other: true })).toEqual([
        { pointer: '/other', message: 'property other should not exist' },
        { pointer: '/count', message: 'count must be an integer number' },
        { pointer: '/name', message: 'name must be a string' },
      ]);
    }
  });

  it('honours a rule registered after the class was first validated', async () => {
    class Late {
      @IsString()
      title!: string;
    }
    expect(await problems(Late, { title: 'x'.repeat(20) })).toEqual([]);
    MaxLength(10)(Late.prototype, 'title');
    expect(await problems(Late, { title: 'x'.repeat(20) })).toEqual([{ pointer: '/title', message: 'title must be shorter than or equal to 10 characters' }]);
    // A subclass declared later inherits the rule too.
    class Later extends Late {}
    expect(await problems(Later, { title: 'x'.repeat(20) })).toEqual([{ pointer: '/title', message: 'title must be shorter than or equal to 10 characters' }]);
  });
});
