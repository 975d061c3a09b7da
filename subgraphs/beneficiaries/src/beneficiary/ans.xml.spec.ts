import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ansBatchXml, escapeXml } from './ans.xml.js';

describe('ANS batch XML', () => {
  it('escapes the five XML special characters', () => {
    assert.equal(escapeXml(`Ana "Bia" D'Ávila & <Filhos>`), 'Ana &quot;Bia&quot; D&apos;Ávila &amp; &lt;Filhos&gt;');
  });

  it('drops control characters XML 1.0 cannot carry, keeping tabs and newlines', () => {
    assert.equal(escapeXml('a\u0000b\u0007c\td\ne'), 'abc\td\ne');
  });

  it('writes the cabecalho and one beneficiario per person with cpf, nome, dataNascimento, plano, dataInclusao', () => {
    const xml = ansBatchXml({
      operatorRegistration: '123456',
      sendDate: '2026-05-04',
      contractNumber: 'CT-2026-000001',
      planType: 'HOSPITALAR',
      people: [
        { cpf: '52998224725', name: 'Maria & José', birthDate: '1980-01-31', inclusionDate: '2026-05-01' },
        { cpf: '11144477735', name: 'João <Jr>', birthDate: '2010-12-01', inclusionDate: '2026-05-02' },
      ],
    });
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<mensagemSIB>'));
    assert.match(xml, /<cabecalho>\s*<registroANS>123456<\/registroANS>\s*<dataEnvio>2026-05-04<\/dataEnvio>/);
    assert.equal(xml.match(/<beneficiario>/g)?.length, 2);
    assert.match(
      xml,
      /<beneficiario>\s*<cpf>52998224725<\/cpf>\s*<nome>Maria &amp; José<\/nome>\s*<dataNascimento>1980-01-31<\/dataNascimento>\s*<plano>HOSPITALAR<\/plano>\s*<dataInclusao>2026-05-01<\/dataInclusao>\s*<\/beneficiario>/,
    );
    assert.ok(xml.includes('<nome>João &lt;Jr&gt;</nome>'));
    assert.ok(!xml.includes('<Jr>'));
  });

  it('writes an empty beneficiarios list when nobody is pending', () => {
    const xml = ansBatchXml({
      operatorRegistration: '123456',
      sendDate: '2026-05-04',
      contractNumber: 'CT-2026-000001',
      planType: 'AMBULATORIAL',
      people: [],
    });
    assert.match(xml, /<quantidadeBeneficiarios>0<\/quantidadeBeneficiarios>/);
    assert.match(xml, /<beneficiarios>\s*<\/beneficiarios>/);
  });
});
