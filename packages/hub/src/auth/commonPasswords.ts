// Passwords of 8+ characters that appear near the top of public breach frequency lists, lower-cased.
// Shorter ones are refused by length already. Checked by passwordPolicy.ts; extend, never shrink.

const list = `
password 12345678 123456789 1234567890 12345678910 123123123 987654321 11111111 111111111 1111111111
00000000 000000000 0000000000 88888888 66666666 99999999 22222222 55555555 77777777 33333333 44444444
12341234 11223344 12344321 87654321 1qaz2wsx 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y zaq12wsx zaq1zaq1 qazwsxedc
qwertyui qwertyuiop qwerty123 qwerty12 qwerty1234 qwertyu1 asdfghjk asdfghjkl asdf1234 zxcvbnm1 zxcvbnm123
qweasdzxc qwe123qwe 1qazxsw2 q1w2e3r4 q1w2e3r4t5 a1b2c3d4 abcd1234 abc12345 abcdefgh abcdefg1 aa123456
password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword pa55word pass1234 password! password2
password01 passwort motdepasse contraseña contrasena senha123 wachtwoord salasana lozinka1 haslo123
iloveyou iloveyou1 iloveyou2 ilovegod ilovemom ilovemyself sunshine sunshine1 princess princess1 football
football1 baseball baseball1 basketball soccer12 hockey12 starwars starwars1 superman superman1 batman123
trustno1 whatever whatever1 computer computer1 internet michael1 jennifer jessica1 charlie1 jordan23
sweetheart sweetie1 butterfly butterfly1 chocolate chocolate1 mercedes corvette ferrari1 porsche1 mustang1
master12 master123 welcome1 welcome123 welcome! letmein1 letmein123 changeme changeme1 changeme123 default1
administrator admin123 admin1234 admin12345 administrador root1234 toor1234 manager1 security secret12
secret123 passpass testtest test1234 test12345 testing1 testing123 guest123 user1234 demo1234 temp1234
qwerty12345 1234qwer 12qwaszx 1qaz@wsx 1q2w3e4r! !qaz2wsx q1w2e3r4t5y6 147258369 159753456 741852963
963852741 123456789a 123456789q a123456789 aa12345678 12345qwert 123qweasd 123qweasdzxc qweqweqwe
asdasdasd zxczxczxc qazqazqaz 123abc123 abc123abc 123321123 147852369 159357456 456456456 789789789
123654789 789456123 369258147 1234567a 1234567q a1234567 q1234567 12345abc 12345678a 1234abcd
dragon12 dragon123 monkey12 monkey123 shadow12 shadow123 master01 jordan12 michael123 liverpool arsenal1
chelsea1 manchester barcelona juventus realmadrid fcbarcelona blink182 metallica nirvana1 eminem12
pokemon1 pokemon123 naruto12 minecraft minecraft1 fortnite roblox123 playstation xbox3601 nintendo
spiderman ironman1 captain1 blackcat whitecat bluesky1 greenday rainbow1 unicorn1 pepper12 cookie12
cheese12 banana12 orange12 apple123 summer12 summer2020 summer2021 summer2022 summer2023 summer2024
winter12 spring12 autumn12 december november october1 september august12 january1 february
monday12 friday13 sunday12 birthday happybirthday forever1 everything nothing1 freedom1 liberty1
mypassword mypass123 yourpassword newpassword newpass1 oldpassword nopassword passwords thepassword
qwerty11 qwerty01 azerty123 azertyuiop qwertz123 qwertzuiop 1234qwerasdf asdfasdf asdfqwer zxcvasdf
loveyou1 lovelove iloveu12 loveme12 babygirl babygirl1 babyboy1 angel123 angels12 lovely12 beautiful
princesa jesus123 jesuschrist christian blessed1 godisgood heaven12 trinity1 matrix12 hunter12 hunter123
killer12 killer123 soccer123 football12 baseball12 hockey123 golfer12 tennis12 yankees1 cowboys1 steelers
lakers24 packers1 redskins eagles12 patriots broncos1 raiders1 dolphins giants12 warriors rangers1
thunder1 lightning diamond1 platinum silver12 golden12 crystal1 samantha jasmine1 jessica12 ashley12
daniel12 andrew12 joshua12 matthew1 william1 richard1 robert12 thomas12 charles1 anthony1 christopher
elizabeth victoria veronica patricia michelle1 nicole12 amanda12 melissa1 stephanie vanessa1 natasha1
alexander alexandra benjamin1 nicholas jonathan1 zachary1 brandon1 jackson1 madison1 hannah12
qwerty123456 1q2w3e4r5t6y7u8i9o0p 1234567891 12345678901 123456789012 0123456789 01234567 9876543210
zzzzzzzz aaaaaaaa qqqqqqqq xxxxxxxx asdfjkl; 1a2b3c4d 1a2s3d4f a1s2d3f4 z1x2c3v4 1z2x3c4v q2w3e4r5
pass@123 pass@word admin@123 admin@1234 welcome@123 password@123 password@1 india123 india@123 pakistan
bangladesh indonesia philippines malaysia1 singapore vietnam1 thailand brasil123 mexico12 argentina
germany1 deutschland france12 london12 newyork1 chicago1 toronto1 australia canada12 america1 england1
scotland ireland1 sweden12 norway12 denmark1 finland1 holland1 poland12 russia12 ukraine1 turkey12
porthole porthole1 porthole123 claude123 anthropic openai123 chatgpt1 github123 gitlab123 docker123
kubernetes ubuntu12 linux123 windows1 windows10 windows11 microsoft macintosh iphone12 android1
samsung1 huawei123 nokia123 google123 facebook youtube1 twitter1 instagram snapchat tiktok12 whatsapp
amazon12 netflix1 spotify1 paypal12 bitcoin1 ethereum crypto12 money123 moneymoney dollars1 million1
richman1 business company1 office12 work1234 school12 student1 teacher1 college1 university
hello123 hello1234 helloworld hellokitty goodluck goodbye1 fuckyou1 fuckoff1 asshole1 bitch123
letmein! iloveyou! sunshine! welcome2 welcome01 qwerty!@ 1qaz!qaz !@#$%^&* !@#$%^&*() 1234!@#$ 12345!@#$%
`;

/** The list as a set, for the policy check. */
export const commonPasswords: ReadonlySet<string> = new Set(list.split(/\s+/).filter((p) => p.length > 0));
