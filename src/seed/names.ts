import type { ethnicityWeights } from './catalogue.ts';
import type { Prng } from './prng.ts';

/**
 * Names for the demo's children, families and staff, by the background a family's names come
 * from. Each list holds names common in England among people of that background (surnames from
 * the commonest down); every person made from them is invented. A child's ethnicity picks the
 * background of each side of the family, so a child recorded as Bangladeshi is not called
 * Thrower, a mixed-heritage child has a parent from each side, and a Polish family's names
 * go together.
 */

interface NamePool {
  surnames: readonly string[];
  girls: readonly string[];
  boys: readonly string[];
  women: readonly string[];
  men: readonly string[];
}

/** Names written as a reader would, a comma between each, split once when the module loads. */
const list = (...lines: string[]) => lines.join(', ').split(', ');

const pools = {
  british: {
    // Common across England, from the commonest down, then some long at home in Norfolk.
    surnames: list(
      'Smith, Jones, Williams, Taylor, Brown, Davies, Evans, Wilson, Thomas, Johnson, Roberts, Robinson',
      'Thompson, Wright, Walker, White, Edwards, Hughes, Green, Hall, Lewis, Harris, Clarke, Jackson, Wood',
      'Turner, Martin, Cooper, Hill, Ward, Morris, Moore, Clark, Lee, King, Baker, Harrison, Morgan, Allen',
      'James, Scott, Phillips, Watson, Davis, Parker, Price, Bennett, Young, Griffiths, Mitchell, Kelly',
      'Cook, Carter, Richardson, Bailey, Collins, Bell, Shaw, Murphy, Miller, Cox, Richards, Marshall',
      'Anderson, Simpson, Ellis, Adams, Wilkinson, Foster, Chapman, Powell, Webb, Rogers, Gray, Mason',
      'Hunt, Campbell, Matthews, Owen, Palmer, Holmes, Mills, Barnes, Knight, Lloyd, Butler, Russell',
      'Barker, Fisher, Stevens, Jenkins, Murray, Dixon, Harvey, Graham, Pearson, Fletcher, Walsh, Gibson',
      'Howard, Andrews, Stewart, Elliott, Reynolds, Saunders, Payne, Fox, Ford, Pearce, Day, Brooks, West',
      'Lawrence, Cole, Atkinson, Bradley, Spencer, Gill, Dawson, Ball, Burton, Watts, Rose, Booth, Perry',
      'Ryan, Grant, Wells, Armstrong, Francis, Rees, Hayes, Hart, Hudson, Newman, Barrett, Webster, Hunter',
      'Gregory, Carr, Lowe, Page, Marsh, Riley, Dunn, Woods, Parsons, Berry, Stone, Reid, Holland, Hawkins',
      'Harding, Porter, Robertson, Newton, Oliver, Reed, Kennedy, Williamson, Bird, Gardner, Dean, Lane',
      'Cooke, Bates, Henderson, Parry, Burgess, Bishop, Walton, Burns, Nicholson, Shepherd, Ross, Cross',
      'Long, Freeman, Warren, Nicholls, Hamilton, Sutton, McDonald, Yates, Hodgson, Robson, Curtis, Hopkins',
      'Harper, Coleman, Watkins, Moss, Chambers, Griffin, Sharp, Hardy, Wheeler, Potter, Osborne, Johnston',
      'Gordon, Wallace, George, Jordan, Hutchinson, Rowe, May, Pritchard, Gilbert, Willis, Read, Miles',
      'Stevenson, Stephenson, Hammond, Arnold, Buckley, Walters, Hewitt, Barber, Nelson, Slater, Austin',
      'Whitehead, Mann, Frost, Lambert, Stephens, Blake, Goodwin, Barton, Woodward, Thomson, Cunningham',
      'Barnett, Baxter, Clayton, Nash, Greenwood, Jennings, Holt, Kemp, Poole, Bond, Stokes, Tucker',
      'Davidson, Fowler, Heath, Norman, Middleton, Lawson, Banks, French, Stanley, Jarvis, Gibbs, Ferguson',
      'Hayward, Kirby, Pope, Humphreys, Fuller, Hooper, Pike, Chandler, Sanders, Lamb, Godfrey, Dyer',
      'Brady, Skinner, Howell, Rowland, Sims, Bowen, Hicks, Fraser, Vincent, Pollard, Hurst, Brennan',
      'Goddard, Sheppard, Waters, Coates, Kent, Hale, Randall, Blackburn, Wyatt, Everett, Dale, Mellor',
      'Lord, Hodges, Howarth, Tyler, Bentley, Bull, Coles, Sherwood, Steele, Pugh, Rhodes, Nixon, Doherty',
      'Gould, Haines, Lucas, Wade, Baldwin, Brooke, Connolly, Cartwright, Dodd, Finch, Hancock, Leach',
      'Moran, Benson, Bowden, Charlton, Cain, Drake, Emery, Farmer, Garner, Hobbs, Ingram, Kerr, Manning',
      'Norris, Oakley, Perkins, Rowley, Sykes, Thornton, Vaughan, Whittaker, Brontë, Knights, Gooch',
      'Howes, Alston, Bunn, Futter, Gotts, Loades, Nobbs, Rix, Thrower, Spinks, Larter, Bullimore',
      'Kerrison, Pegg, Dack, Cubitt, Seago, Platten, Gedge, Sayer, Mallett, Cushion, Eke, Leeder, Fiddy',
      'Tuck, Kett',
    ),
    girls: list(
      'Olivia, Amelia, Isla, Ava, Emily, Sophia, Grace, Mia, Poppy, Ella, Lily, Evie, Isabella, Sophie',
      'Ivy, Freya, Harper, Willow, Charlotte, Jessica, Daisy, Florence, Ruby, Alice, Phoebe, Matilda',
      'Millie, Erin, Rosie, Esme, Maisie, Sienna, Evelyn, Scarlett, Layla, Zoë, Hannah, Megan, Chloe',
      'Lucy, Holly, Eleanor, Molly, Imogen, Bethany, Abigail, Lauren, Ellie, Katie, Paige, Leah, Georgia',
      'Summer, Lola, Niamh, Leonie',
    ),
    boys: list(
      'Oliver, George, Harry, Jack, Jacob, Noah, Charlie, Thomas, Oscar, William, James, Leo, Alfie',
      'Henry, Joshua, Freddie, Archie, Ethan, Isaac, Alexander, Joseph, Edward, Samuel, Max, Logan, Lucas',
      'Daniel, Theo, Arthur, Harrison, Benjamin, Mason, Finley, Sebastian, Adam, Dylan, Zachary, Riley',
      'Teddy, Reuben, Louis, Toby, Tyler, Jayden, Kai, Rory, Callum, Ollie, Jude, Albie, Stanley, Harvey',
      'Luke, Ryan, Liam, Connor, Kieran, Bradley, Jordan',
    ),
    women: list(
      'Sarah, Emma, Laura, Rebecca, Claire, Gemma, Kelly, Rachel, Natalie, Lisa, Amy, Joanne, Michelle',
      'Victoria, Hayley, Stacey, Danielle, Leanne, Kirsty, Jade, Nicola, Louise, Helen, Katie, Charlotte',
      'Samantha, Zoe, Jennifer, Lucy, Kerry, Donna, Tracey, Hannah, Jodie, Carly, Kayleigh, Sophie',
      'Lauren, Stephanie, Karen, Julie, Dawn, Angela, Sharon',
    ),
    men: list(
      'David, Mark, Paul, Andrew, Richard, Daniel, Christopher, Stuart, Lee, Craig, Darren, Matthew',
      'Jamie, Wayne, Scott, Gary, James, John, Michael, Robert, Steven, Simon, Adam, Ben, Tom, Ryan, Luke',
      'Dean, Carl, Jason, Neil, Ian, Martin, Kevin, Jonathan, Nathan, Ashley, Shaun, Anthony, Peter, Alan',
      'Graham, Sam, Joe',
    ),
  },
  irish: {
    surnames: list(
      "Murphy, Kelly, O'Sullivan, Walsh, O'Brien, Byrne, Ryan, O'Connor, O'Neill, Doyle, McCarthy",
      'Gallagher, Doherty, Kennedy, Lynch, Murray, Quinn, McLoughlin, Carroll, Connolly, Daly, Brennan',
      'Burke, Collins, Farrell, Fitzgerald, Kavanagh, Nolan, Regan',
    ),
    girls: list('Aoife, Niamh, Ciara, Saoirse, Róisín, Orla, Siobhán, Caoimhe, Grace, Emma'),
    boys: list('Seán, Cian, Oisín, Conor, Darragh, Ciarán, Jack, Patrick, Fionn, Liam'),
    women: list('Siobhan, Sinead, Mary, Aisling, Deirdre, Bridget, Niamh, Orla, Clodagh, Maeve'),
    men: list('Sean, Declan, Padraig, Eoin, Kieran, Brendan, Colm, Niall, Ronan, Dermot'),
  },
  irishTraveller: {
    surnames: list(
      'Ward, McDonagh, Joyce, Doran, Maughan, Connors, Delaney, Quilligan, Stokes, Gavin, Cash, McGinley',
    ),
    girls: list('Mary, Bridget, Margaret, Kathleen, Shannon, Nora, Winnie, Chelsea'),
    boys: list('John, Patrick, Michael, Martin, Tom, Paddy, Jimmy, Christy'),
    women: list('Mary, Bridget, Kathleen, Margaret, Nora, Ellen, Winnie, Ann'),
    men: list('John, Patrick, Michael, Martin, Tom, Joe, Christy, Willie'),
  },
  gypsy: {
    surnames: list(
      'Smith, Lee, Price, Boswell, Lovell, Cooper, Buckley, Loveridge, Young, Wood, Ayres, Hearn',
    ),
    girls: list('Lavinia, Selina, Violet, Tayla, Dolly, Britney, Rosie, Shyanne'),
    boys: list('Levi, Tyson, Henry, Noah, Joe, Jimmy, Billy, Frankie'),
    women: list('Violet, Rosie, Selina, Lavinia, Annie, Kathleen, Louisa, Dolly'),
    men: list('Henry, Billy, Joe, Tom, Levi, Nelson, Elijah, Alfie'),
  },
  roma: {
    surnames: list('Stoica, Rostaș, Lingurar, Căldăraru, Lăcătuș, Florea, Zamfir, Dinu, Lupu, Mihai'),
    girls: list('Denisa, Simona, Florentina, Roxana, Bianca, Nicoleta, Daria, Alina'),
    boys: list('Marian, Florin, Ionuț, Denis, Costel, Gabriel, Robert, Adrian'),
    women: list('Mirela, Florica, Maria, Elena, Daniela, Rodica, Lenuța, Viorica'),
    men: list('Nicolae, Vasile, Marin, Gheorghe, Ion, Constantin, Dumitru, Petrică'),
  },
  polish: {
    surnames: list(
      'Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, Szymański',
      'Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Kwiatkowski, Krawczyk, Kaczmarek, Piotrowski',
    ),
    girls: list('Zuzanna, Maja, Julia, Lena, Oliwia, Zofia, Hanna, Alicja, Natalia, Wiktoria'),
    boys: list('Jakub, Kacper, Szymon, Filip, Łukasz, Mateusz, Antoni, Jan, Franciszek, Wojciech'),
    women: list('Agnieszka, Katarzyna, Magdalena, Joanna, Anna, Monika, Ewa, Małgorzata, Karolina, Marta'),
    men: list('Piotr, Tomasz, Krzysztof, Marcin, Paweł, Andrzej, Michał, Grzegorz, Łukasz, Marek'),
  },
  lithuanian: {
    surnames: list(
      'Kazlauskas, Jankauskas, Petrauskas, Vasiliauskas, Žukauskas, Paulauskas, Urbonas, Kavaliauskas',
      'Navickas, Ramanauskas, Balčiūnas, Savickas',
    ),
    girls: list('Emilija, Gabija, Luknė, Austėja, Ieva, Kamilė, Urtė, Goda'),
    boys: list('Matas, Lukas, Nojus, Dominykas, Jokūbas, Kajus, Domantas, Rokas'),
    women: list('Rasa, Inga, Jurgita, Laura, Vilma, Kristina, Rūta, Asta'),
    men: list('Darius, Tomas, Mindaugas, Andrius, Giedrius, Saulius, Marius, Audrius'),
  },
  romanian: {
    surnames: list(
      'Popescu, Ionescu, Popa, Stan, Dumitru, Munteanu, Constantin, Gheorghe, Rusu, Matei, Ciobanu',
    ),
    girls: list('Ioana, Maria, Andreea, Elena, Sofia, Bianca, Alexandra, Ana'),
    boys: list('Andrei, David, Luca, Ștefan, Alexandru, Matei, Rareș, Mihai'),
    women: list('Elena, Mihaela, Andreea, Cristina, Ioana, Gabriela, Alina, Raluca'),
    men: list('Mihai, Ionuț, Florin, Cristian, Adrian, Bogdan, Alexandru, Costin'),
  },
  portuguese: {
    surnames: list(
      'Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Rodrigues, Martins, Sousa, Fernandes',
      'Gonçalves, Gomes, Lopes, Carvalho, Da Silva, Almeida',
    ),
    girls: list('Beatriz, Leonor, Matilde, Inês, Mariana, Carolina, Maria, Lara'),
    boys: list('Santiago, Tomás, Rodrigo, Afonso, Duarte, Gabriel, Martim, José'),
    women: list('Ana, Sandra, Cátia, Patrícia, Marta, Sónia, Vanessa, Fernanda'),
    men: list('João, Rui, Nuno, Paulo, Pedro, Carlos, Luís, Ricardo'),
  },
  westEuropean: {
    surnames: list(
      'Müller, Schmidt, Schneider, Rossi, Russo, Bianchi, García, Fernández, Núñez, Hernández, Le Roux',
      'Dubois, Moreau, Jansen, De Vries, Nielsen, Søndergaard, Andersson',
    ),
    girls: list('Chloé, Anaïs, Léa, Giulia, Lucía, Sofia, Emma, Freja'),
    boys: list('Lukas, Luca, Matteo, Mathis, Andrés, Hugo, Björn, Finn'),
    women: list('Sabine, Isabelle, Giulia, Carmen, Ingrid, Anke, Chiara, Sophie'),
    men: list('Stefan, Jean-Luc, Marco, Javier, Lars, Pieter, Thomas, Alejandro'),
  },
  gujarati: {
    surnames: list('Patel, Shah, Mistry, Parmar, Chauhan, Desai, Joshi, Solanki, Lad, Modi, Pandya, Vaghela'),
    girls: list('Anaya, Diya, Priya, Aanya, Riya, Kiara, Saanvi, Mira'),
    boys: list('Arjun, Aarav, Rohan, Vihaan, Dev, Krish, Aryan, Ishaan'),
    women: list('Priya, Hetal, Nisha, Bhavna, Kavita, Pooja, Komal, Mital'),
    men: list('Rajesh, Sanjay, Hitesh, Amit, Nilesh, Ketan, Manish, Bhavesh'),
  },
  // Sikh women and girls are Kaur where men and boys are Singh; see surnameAs.
  punjabi: {
    surnames: list('Singh, Sandhu, Gill, Dhillon, Sidhu, Johal, Bains, Atwal, Grewal, Sahota'),
    girls: list('Simran, Jasleen, Harleen, Amrit, Navneet, Gurleen, Manveer, Ravneet'),
    boys: list('Jaskaran, Arjun, Harvir, Gurveer, Jasraj, Manvir, Kiran, Arman'),
    women: list('Manjit, Harpreet, Rupinder, Sukhjit, Kulwinder, Parminder, Jaspreet, Baljit'),
    men: list('Harjit, Gurpreet, Jaswinder, Sukhdev, Kulwant, Balwinder, Manjit, Amarjit'),
  },
  southIndian: {
    surnames: list('Nair, Pillai, Kumar, Reddy, Menon, Iyer, Rao, Krishnan'),
    girls: list('Aditi, Diya, Nandana, Kavya, Meera, Lakshmi, Anika, Sneha'),
    boys: list('Aditya, Arjun, Rahul, Vishnu, Karthik, Siddharth, Nikhil, Varun'),
    women: list('Deepa, Lakshmi, Anjali, Sreeja, Divya, Sunita, Radha, Priya'),
    men: list('Suresh, Rajesh, Anil, Ravi, Vijay, Prakash, Sunil, Venkat'),
  },
  pakistani: {
    surnames: list(
      'Khan, Hussain, Ahmed, Ali, Iqbal, Akhtar, Mahmood, Butt, Malik, Shah, Rashid, Aslam, Javed',
      'Saleem, Anwar, Qureshi',
    ),
    girls: list('Aisha, Maryam, Zainab, Hafsa, Inaya, Fatima, Khadija, Safa, Eman, Alisha'),
    boys: list('Muhammad, Mohammed, Ibrahim, Yusuf, Zayn, Hamza, Ayaan, Musa, Rayyan, Zakariya'),
    women: list('Nasreen, Shazia, Farzana, Rukhsana, Samina, Nadia, Saima, Fatima, Amina, Sadia'),
    men: list('Imran, Tariq, Asif, Khalid, Shahid, Zahid, Naveed, Adnan, Faisal, Kamran'),
  },
  bangladeshi: {
    surnames: list(
      'Miah, Uddin, Rahman, Ahmed, Islam, Ali, Begum, Hussain, Hoque, Chowdhury, Hossain, Khatun, Alam',
    ),
    girls: list('Aisha, Safiya, Tasnim, Sumaiya, Nafisa, Raisa, Halima, Fatima, Sadia, Tahmina'),
    boys: list('Mohammed, Rayhan, Tahmid, Ayaan, Zayan, Ishaq, Adam, Yusuf, Abdullah, Sami'),
    women: list('Shamima, Rina, Nazma, Salma, Rehana, Shirin, Jahanara, Ruksana, Taslima, Fahmida'),
    men: list('Abdul, Jamal, Shafiq, Mizanur, Aminul, Kamal, Nurul, Shahidul, Rafiq, Anwar'),
  },
  sriLankan: {
    surnames: list('Perera, Fernando, De Silva, Jayasinghe, Sivakumar, Rajan, Selvarajah, Tharmalingam'),
    girls: list('Tharsha, Nila, Sanjana, Dulani, Harini, Abinaya, Nethmi, Sayuri'),
    boys: list('Kavin, Arun, Nuwan, Sahan, Thulasi, Janith, Pranav, Dinesh'),
    women: list('Kumari, Shanthi, Nirmala, Dilini, Vasanthi, Chamari, Malathi, Sharmila'),
    men: list('Nimal, Suresh, Kumar, Ruwan, Rajan, Chaminda, Sivanesan, Pradeep'),
  },
  nepali: {
    surnames: list('Gurung, Rai, Tamang, Limbu, Magar, Thapa, Shrestha, Pun'),
    girls: list('Anisha, Sunita, Pabitra, Samikshya, Asmita, Srijana, Rojina, Puja'),
    boys: list('Bibek, Sujan, Aayush, Bishal, Prabin, Roshan, Kiran, Saugat'),
    women: list('Bimala, Sita, Kamala, Durga, Maya, Laxmi, Sarita, Gita'),
    men: list('Bikash, Ram, Dil, Hari, Krishna, Bhim, Tek, Gopal'),
  },
  filipino: {
    surnames: list('Santos, Reyes, Cruz, Bautista, Garcia, Mendoza, Torres, Villanueva, Ramos, Aquino'),
    girls: list('Maria, Angel, Princess, Althea, Nicole, Bea, Kyla, Trisha'),
    boys: list('Gabriel, Joshua, Angelo, Nathaniel, Miguel, Carlo, Paolo, Jericho'),
    women: list('Maricel, Rowena, Marites, Jocelyn, Lorna, Rosario, Cherry, Analyn'),
    men: list('Jose, Ramon, Rodel, Jun, Arnel, Romeo, Reynaldo, Edwin'),
  },
  vietnamese: {
    surnames: list('Nguyen, Tran, Le, Pham, Hoang, Phan, Vu, Dang'),
    girls: list('Linh, Mai, Anh, Ngoc, Thu, Lan, Huong, Vy'),
    boys: list('Minh, Duc, Khoa, Bao, Long, Nam, Huy, Tuan'),
    women: list('Thu, Hoa, Lan, Hanh, Huong, Phuong, Thuy, Nga'),
    men: list('Tuan, Hung, Dung, Thanh, Cuong, Hai, Quang, Son'),
  },
  chinese: {
    surnames: list('Chen, Wang, Li, Zhang, Liu, Yang, Huang, Zhou, Wu, Xu, Sun, Zhao'),
    girls: list('Xinyi, Ruoxi, Yutong, Zihan, Mei, Jiayi, Hannah, Emily'),
    boys: list('Hao, Yuxuan, Zihao, Haoran, Junjie, Ethan, Ryan, Daniel'),
    women: list('Li Na, Xiaoling, Yan, Jing, Fang, Lin, Ying, Hui'),
    men: list('Wei, Jian, Ming, Lei, Bo, Tao, Feng, Hong'),
  },
  hongKong: {
    surnames: list('Wong, Chan, Lam, Cheung, Ho, Lau, Ng, Leung, Lee, Tang, Chow, Yeung'),
    girls: list('Ka Yan, Hoi Ying, Grace, Chloe, Hannah, Natalie, Tsz Ching, Emily'),
    boys: list('Ka Ho, Chun Hei, Ethan, Jason, Ryan, Marcus, Tsz Hin, Aiden'),
    women: list('Wai Man, Mei Ling, Sze Wing, Yuk Lan, Mandy, Winnie, Connie, Ivy'),
    men: list('Kwok Wai, Chi Keung, Wing Hong, Ka Leung, Raymond, Kelvin, Alan, Tony'),
  },
  nigerian: {
    surnames: list(
      'Okafor, Adeyemi, Nwosu, Okoro, Adebayo, Okonkwo, Eze, Oyelaran, Balogun, Nwachukwu, Afolabi',
      'Ogunleye',
    ),
    girls: list('Adaeze, Chioma, Tolu, Ifeoma, Oluwatobi, Precious, Blessing, Favour'),
    boys: list('Chidi, Tobi, Ayo, Emeka, David, Samuel, Daniel, Oluwaseun'),
    women: list('Ngozi, Funmilayo, Chinwe, Folake, Bukola, Adaora, Grace, Esther'),
    men: list('Chinedu, Oluwaseun, Emeka, Tunde, Babajide, Ikechukwu, Joseph, Femi'),
  },
  ghanaian: {
    surnames: list('Mensah, Osei, Asante, Boateng, Owusu, Agyeman, Appiah, Darko, Ofori, Amoah'),
    girls: list('Ama, Abena, Akosua, Efua, Adwoa, Nana, Esi, Afia'),
    boys: list('Kwame, Kofi, Kwabena, Yaw, Kojo, Kwaku, Kwesi, Nana'),
    women: list('Akosua, Adwoa, Comfort, Gifty, Abena, Yaa, Mercy, Akua'),
    men: list('Kwabena, Kwame, Kofi, Yaw, Kwasi, Emmanuel, Isaac, Samuel'),
  },
  somali: {
    surnames: list('Mohamed, Abdi, Ali, Hassan, Ahmed, Farah, Omar, Warsame, Hussein, Yusuf, Jama, Ismail'),
    girls: list('Hodan, Ayan, Hibaq, Sagal, Ikran, Nimco, Hamdi, Sumaya'),
    boys: list('Abdirahman, Mohamed, Abdullahi, Ayub, Hamza, Bilal, Sharmarke, Khalid'),
    women: list('Faduma, Halima, Sahra, Hawa, Amina, Hodan, Deeqa, Shukri'),
    men: list('Abdullahi, Mohamed, Abdi, Ahmed, Hassan, Yusuf, Omar, Mahad'),
  },
  zimbabwean: {
    surnames: list('Moyo, Ndlovu, Sibanda, Dube, Ncube, Mpofu, Chikwanha, Mutasa, Nyathi, Chirwa'),
    girls: list('Tariro, Rudo, Nyasha, Tanaka, Chipo, Kudzai, Ruvimbo, Tendai'),
    boys: list('Tendai, Tatenda, Kudakwashe, Tawanda, Farai, Takudzwa, Munashe, Tinashe'),
    women: list('Chipo, Rudo, Nyasha, Sithembile, Precious, Tsitsi, Memory, Fadzai'),
    men: list('Tatenda, Farai, Blessing, Tawanda, Simbarashe, Godfrey, Themba, Lovemore'),
  },
  caribbean: {
    surnames: list(
      'Campbell, Williams, Brown, Clarke, Francis, Henry, Thompson, Grant, Johnson, Bailey, Reid',
      'Samuels, Gordon, Morrison, Forbes, Bennett',
    ),
    girls: list('Aaliyah, Jada, Tia, Kayla, Amani, Shantelle, Imani, Naomi, Malia, Keisha'),
    boys: list('Tyrese, Jaden, Kairo, Malachi, Reuben, Jamal, Isaiah, Elijah, Marley, Kyrie'),
    women: list('Marcia, Donna, Claudette, Sharon, Paulette, Yvonne, Natasha, Sonia, Michelle, Andrea'),
    men: list('Winston, Delroy, Leroy, Clive, Trevor, Marcus, Andre, Dwayne, Carlton, Errol'),
  },
  arab: {
    surnames: list('Al-Sayed, Haddad, Nasser, Saleh, Mahmoud, Abdullah, Hamdan, Khalil, Mansour, Youssef'),
    girls: list('Maryam, Yasmin, Layla, Noor, Rania, Sara, Jana, Lina'),
    boys: list('Omar, Yusuf, Hamza, Karim, Adam, Ahmad, Zaid, Khaled'),
    women: list('Reem, Huda, Nadia, Hana, Rasha, Samira, Dalia, Amal'),
    men: list('Khaled, Tarek, Sami, Hassan, Mohammed, Walid, Bassam, Nabil'),
  },
  kurdish: {
    surnames: list('Barzani, Aziz, Rashid, Mohammed, Kareem, Ahmed, Hamid, Salih, Amin, Qadir'),
    girls: list('Dilan, Rojin, Shilan, Avin, Roza, Lana, Zhino, Hana'),
    boys: list('Rezan, Aram, Karwan, Shvan, Hawre, Alan, Baran, Azad'),
    women: list('Rojin, Shilan, Nasrin, Gulistan, Kajal, Sozan, Avesta, Bahar'),
    men: list('Karwan, Aram, Rebwar, Dilshad, Hiwa, Sherzad, Kawa, Bakhtiar'),
  },
  turkish: {
    surnames: list('Yılmaz, Demir, Kaya, Şahin, Çelik, Yıldız, Öztürk, Aydın, Arslan, Doğan'),
    girls: list('Elif, Zeynep, Defne, Ecrin, Azra, Meryem, Asya, Ela'),
    boys: list('Emir, Kerem, Yusuf, Eymen, Ömer, Mustafa, Aras, Burak'),
    women: list('Ayşe, Hatice, Fatma, Emine, Elif, Zeynep, Özlem, Gül'),
    men: list('Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Hasan, Murat, Emre'),
  },
  persian: {
    surnames: list('Ahmadi, Hosseini, Karimi, Rahimi, Mohammadi, Hakimi, Rezaei, Sadeghi, Popal, Noori'),
    girls: list('Zahra, Fatemeh, Parisa, Yasna, Nazanin, Mahsa, Setayesh, Ariana'),
    boys: list('Amir, Ali, Omid, Arman, Reza, Mehdi, Hamid, Sina'),
    women: list('Fatemeh, Leila, Shirin, Maryam, Parisa, Roya, Nasrin, Farzaneh'),
    men: list('Ahmad, Reza, Hossein, Mohammad, Ali, Mehdi, Javad, Farid'),
  },
} satisfies Record<string, NamePool>;

export type NameOrigin = keyof typeof pools;
type Ethnicity = keyof typeof ethnicityWeights;
/** Weights of the backgrounds to pick from; those left out are never picked. */
type Origins = Partial<Record<NameOrigin, number>>;

const southAsian: Origins = { gujarati: 20, punjabi: 15, southIndian: 5, pakistani: 35, bangladeshi: 25 };
const african: Origins = { nigerian: 35, ghanaian: 20, somali: 20, zimbabwean: 25 };
const european: Origins = { polish: 35, lithuanian: 15, romanian: 15, portuguese: 15, westEuropean: 20 };
const everyone: Origins = { british: 88, polish: 3, lithuanian: 1, portuguese: 1, irish: 1, ...african };

/**
 * The backgrounds of a child's two sides of the family: one for most children, two for those of
 * mixed heritage (whose surname may come from either side).
 */
const familyOrigins: Record<Ethnicity, [Origins] | [Origins, Origins]> = {
  WBRI: [{ british: 98, irish: 2 }],
  WIRI: [{ irish: 85, british: 15 }],
  WIRT: [{ irishTraveller: 100 }],
  WOTH: [{ ...european, british: 15 }],
  WROM: [{ gypsy: 60, roma: 40 }],
  MWBC: [{ british: 100 }, { caribbean: 100 }],
  MWBA: [{ british: 100 }, african],
  MWAS: [{ british: 100 }, southAsian],
  MOTH: [
    { british: 80, ...european },
    { arab: 20, persian: 20, filipino: 20, hongKong: 20, caribbean: 20 },
  ],
  AIND: [{ gujarati: 45, punjabi: 35, southIndian: 20 }],
  APKN: [{ pakistani: 100 }],
  ABAN: [{ bangladeshi: 100 }],
  AOTH: [{ sriLankan: 30, nepali: 25, filipino: 30, vietnamese: 15 }],
  BCRB: [{ caribbean: 100 }],
  BAFR: [african],
  BOTH: [{ ...african, caribbean: 100 }],
  CHNE: [{ chinese: 55, hongKong: 45 }],
  OOTH: [{ arab: 35, kurdish: 20, turkish: 20, persian: 25 }],
  REFU: [everyone],
  NOBT: [everyone],
};

const pickOrigin = (weights: Origins, rng: Prng) => rng.weighted(weights as Record<NameOrigin, number>);

/** Where each side of a family's names come from: the first is the side the child's surname is from. */
export function familyOriginsFor(ethnicity: Ethnicity, rng: Prng): [NameOrigin, NameOrigin] {
  const [one, other] = familyOrigins[ethnicity];
  const a = pickOrigin(one, rng);
  if (!other) return [a, a];
  const b = pickOrigin(other, rng);
  return rng.chance(0.5) ? [a, b] : [b, a];
}

/**
 * Surnames are drawn with the commoner ones more often, but far flatter than life: England's
 * commonest surname is borne by about one person in a hundred, and the demo keeps every surname
 * under that even in an LA of 12,000 children with brothers and sisters sharing one.
 */
const surnameDraws = Object.fromEntries(
  Object.entries(pools).map(([origin, pool]) => {
    const offset = 2 + pool.surnames.length / 6;
    let total = 0;
    const upTo = pool.surnames.map((_, rank) => {
      total += 1 / Math.sqrt(rank + offset);
      return total;
    });
    return [origin, upTo.map((w) => w / total)];
  }),
) as Record<NameOrigin, number[]>;

/** A family's surname, in the form its men and boys bear it. */
export function surnameFrom(origin: NameOrigin, rng: Prng): string {
  const upTo = surnameDraws[origin];
  const r = rng.next();
  let lo = 0;
  let hi = upTo.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r < (upTo[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return pools[origin].surnames[lo] as string;
}

/**
 * A family's surname as one of its members bears it. Polish -ski names are -ska for women and
 * girls; a Lithuanian -as name is -ienė for a wife and -aitė for a daughter; a Sikh woman or
 * girl is Kaur where a man or boy is Singh.
 */
export function surnameAs(surname: string, origin: NameOrigin, sex: 'M' | 'F', adult: boolean): string {
  if (sex === 'M') return surname;
  if (origin === 'polish') return surname.replace(/(sk|ck|dzk)i$/, '$1a');
  if (origin === 'punjabi') return surname === 'Singh' ? 'Kaur' : surname;
  if (origin === 'lithuanian') return surname.replace(/as$/, adult ? 'ienė' : 'aitė');
  return surname;
}

/**
 * A child's forename: from their family's background, though a quarter of children whose family
 * came from elsewhere have a name common among all English children.
 */
export function childForename(origin: NameOrigin, sex: 'M' | 'F', rng: Prng): string {
  const pool: NamePool = origin === 'british' || rng.chance(0.25) ? pools.british : pools[origin];
  return rng.pick(sex === 'F' ? pool.girls : pool.boys);
}

export function adultForename(origin: NameOrigin, sex: 'M' | 'F', rng: Prng): string {
  const pool: NamePool = pools[origin];
  return rng.pick(sex === 'F' ? pool.women : pool.men);
}

/** An invented adult of the LA's population, such as a cluster host or a caseworker. */
export function adultName(ethnicity: Ethnicity, rng: Prng): { forename: string; surname: string } {
  const [origin] = familyOriginsFor(ethnicity, rng);
  const sex = rng.chance(0.5) ? 'F' : 'M';
  return {
    forename: adultForename(origin, sex, rng),
    surname: surnameAs(surnameFrom(origin, rng), origin, sex, true),
  };
}
